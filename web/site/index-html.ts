import { PAGE_SCRIPT } from '../site-config.js';

/** The site's index.html: the elements the page script fills in (by id), and the script. */
export function indexHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; max-width: 900px; }
  .row { display: flex; gap: 1em; align-items: flex-start; flex-wrap: wrap; }
  video { width: 320px; background: #111; }
  #frame { width: 112px; image-rendering: pixelated; }
  #labels { font-size: 1.2em; min-height: 7em; }
  #labels li:first-child { font-weight: bold; }
  .note { background: #fff4d6; border-left: 4px solid #e0a800; padding: .3em .6em; margin: .3em 0; }
  #plot { border: 1px solid #ccc; }
  .warning { background: #fde2e1; border-left: 4px solid #c62828; color: #7f1d1d; font-weight: bold; padding: .4em .6em; margin: .3em 0; }
  #labels.untrained { color: #888; }
</style>
</head>
<body>
<h1 id="title">${escapeHtml(title)}</h1>
<p id="status">loading…</p>
<div id="notes"></div>
<p id="untrained" class="warning" hidden></p>
<div class="row">
  <video id="video" playsinline muted></video>
  <canvas id="frame" width="1" height="1"></canvas>
  <ol id="labels"></ol>
</div>
<p id="latency"></p>
<canvas id="plot" width="360" height="80"></canvas>
<p>
  <button id="reset" type="button">Reset</button>
  <label><input id="history" type="checkbox"> history smoothing (a new label must hold for two frames)</label>
</p>
<script type="module" src="${PAGE_SCRIPT}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
