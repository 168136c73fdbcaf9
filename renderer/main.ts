import { mount } from 'svelte';
import Shell from './app/Shell.svelte';
import './app/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(Shell, { target });
