/** Entry point of the app: language, router, first render, service worker. */
import { render } from 'preact';
import { App } from './app.js';
import { detectLang, setLang, storedLang } from './i18n/index.js';
import { startRouter } from './router.js';
import { registerServiceWorker } from './sw-register.js';
import './styles.css';

const lang = detectLang(window.location.search, storedLang());
setLang(lang);
startRouter();
const root = document.getElementById('app')!;
root.textContent = '';
render(<App initialLang={lang} />, root);
registerServiceWorker();
