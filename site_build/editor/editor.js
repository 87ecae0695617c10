// Starts the editor (Decap CMS, loaded by index.html) with the site's file
// formats (formati.js, with what the build hands over in formati.json) and
// its configuration (config.yml, next to this file).
import { register } from "./formati.js";

const settings = await (await fetch(new URL("formati.json", import.meta.url))).json();
register(window.CMS, settings);
window.CMS.init();
