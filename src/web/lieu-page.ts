/**
 * Script of the server-rendered lieu page (`/lieux/:id`): the page is complete without it; it only
 * registers the service worker so that the app and this page are available offline afterwards.
 */
import { registerServiceWorker } from './sw-register.js';

registerServiceWorker();
