// Starts the editor (Decap CMS, loaded by index.html) with the site's file
// formats and its configuration (config.yml, next to this file).
import { register } from "./formati.js";

register(window.CMS);
window.CMS.init();
