// The staff console: its sections, in menu order (each registers itself), then the shell starts.
import { start } from './console.js';
import './tickets.js';
import './desk.js';
import './units.js';
import './notices.js';
import './reports.js';
import './imports.js';
import './alarms.js';
import './communities.js';
import './faq.js';

start();
