// Loads Knight Lab's TimelineJS3 in jsdom, gives it a timeline file, and prints what it made of it:
// whether its own validation passed, its messages, and how many slides it drew.
// Usage: node timelinejs_check.js NODE_MODULES TIMELINE.json
const fs = require('fs');
const path = require('path');
const modules = path.resolve(process.argv[2]);
const { JSDOM } = require(path.join(modules, 'jsdom'));
const dom = new JSDOM('<!DOCTYPE html><div id="tl" style="width:900px;height:600px"></div>',
  { runScripts: 'outside-only', pretendToBeVisual: true });
const win = dom.window;
const complaints = [];
win.console.error = (...parts) => complaints.push(parts.join(' '));
win.console.warn = (...parts) => complaints.push(parts.join(' '));
win.console.log = (...parts) => complaints.push(parts.map(p => typeof p === 'string' ? p : JSON.stringify(p)).join(' '));
win.eval(fs.readFileSync(path.join(modules, '@knight-lab/timelinejs/dist/js/timeline.js'), 'utf8'));
const data = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const timeline = new win.TL.Timeline('tl', data);
setTimeout(() => {
  const html = win.document.getElementById('tl').innerHTML;
  process.stdout.write(JSON.stringify({
    valid: timeline.config.isValid(),
    messages: timeline.config.messages,
    complaints,
    events: timeline.config.events.length,
    slides: (html.match(/class="tl-slide /g) || []).length,
    html,
  }));
  process.exit(0);
}, 1500);
