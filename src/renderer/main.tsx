// Renderer entry: mount the app, then connect to the host and open what was asked for.
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { boot } from './app/boot';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
void boot();
