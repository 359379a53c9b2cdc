// A tiny self-contained query page (no CDN, works offline): textarea, variables, Run (Ctrl-Enter).
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function graphiqlPage(
  title: string,
  endpoint = '',
  initial = '{\n  _meta {\n    block { number hash timestamp }\n    deployment\n    hasIndexingErrors\n  }\n}',
): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · GraphQL</title>
<style>
 body{margin:0;font:14px system-ui,sans-serif;display:grid;grid-template-columns:1fr 1fr;grid-template-rows:auto 1fr 8em;height:100vh}
 header{grid-column:1/3;padding:.5em 1em;background:#223;color:#eee;display:flex;gap:1em;align-items:center}
 textarea,pre{font:13px ui-monospace,monospace;margin:0;padding:.7em;border:0;border-right:1px solid #ccc;resize:none;overflow:auto}
 #q{grid-row:2} #v{grid-row:3;border-top:1px solid #ccc} #out{grid-column:2;grid-row:2/4;background:#f7f7f9}
 button{font:inherit;padding:.2em 1em} small{opacity:.7}
</style></head><body>
<header><b>${esc(title)}</b><button id="run">Run ▶</button><small>Ctrl+Enter · variables (JSON) bottom left</small><span id="t"></span></header>
<textarea id="q" spellcheck="false">${esc(initial)}</textarea>
<textarea id="v" spellcheck="false" placeholder="{ }"></textarea>
<pre id="out"></pre>
<script>
const $ = (id) => document.getElementById(id);
async function run() {
  const t0 = performance.now();
  let variables;
  try { variables = $('v').value.trim() ? JSON.parse($('v').value) : undefined; } catch (e) { $('out').textContent = 'variables: ' + e.message; return; }
  try {
    const r = await fetch(${JSON.stringify(endpoint)} || location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: $('q').value, variables }) });
    $('out').textContent = JSON.stringify(await r.json(), null, 2);
  } catch (e) { $('out').textContent = String(e); }
  $('t').textContent = (performance.now() - t0).toFixed(0) + ' ms';
}
$('run').onclick = run;
document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
</script></body></html>`;
}
