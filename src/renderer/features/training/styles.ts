// The training view's styles, installed once as a constructed stylesheet (document.adoptedStyleSheets):
// the page's CSP allows only the app's own stylesheet file, and a constructed sheet needs no file and
// no inline <style>. Uses the app's theme variables (app.css), so light and dark both work.
const CSS = `
.training { display: grid; grid-template-columns: 280px 1fr; height: 100%; min-height: 0; }
.training-list { border-right: 1px solid var(--border); background: var(--panel); overflow: auto; padding: 10px; }
.training-list h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 6px 4px 8px; }
.training-list ol { list-style: none; margin: 0; padding: 0; }
.training-list li + li { margin-top: 4px; }
.lesson-item { display: block; width: 100%; text-align: left; border: 1px solid transparent; background: none; border-radius: var(--radius); padding: 7px 9px; cursor: pointer; }
.lesson-item:hover { background: var(--panel-2); }
.lesson-item[aria-current='true'] { background: var(--accent-soft); border-color: var(--accent); }
.lesson-item .t { font-weight: 600; display: block; }
.lesson-item .p { color: var(--muted); font-size: 11px; }
.lesson-item .done { color: var(--ok); font-weight: 700; }
.training-main { overflow: auto; min-height: 0; padding: 14px 18px 28px; }
.training-main h2 { margin: 0 0 4px; font-size: 19px; }
.training-goal { background: var(--accent-soft); border-left: 4px solid var(--accent); padding: 6px 10px; border-radius: 4px; margin: 6px 0 10px; }
.training-bar { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin: 8px 0 12px; }
.training-bar .pos { color: var(--muted); min-width: 150px; }
.training-progress { flex: 1; min-width: 120px; height: 6px; background: var(--panel-3); border-radius: 3px; overflow: hidden; }
.training-progress > span { display: block; height: 100%; background: var(--accent); }
.training-page { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(360px, 1.1fr); gap: 14px; align-items: start; }
.training-page.single { grid-template-columns: minmax(320px, 900px); }
.training-card { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 12px 14px; box-shadow: var(--shadow); }
.training-card h3 { margin: 2px 0 8px; font-size: 16px; }
.training-card h3:focus { outline: none; }
.training-card p { margin: 6px 0; }
.training-card code, .training-main code { font-family: var(--mono); font-size: 12px; background: var(--panel-2); padding: 0 4px; border-radius: 3px; }
.training-where { color: var(--muted); font-size: 12px; }
.training-lesson { font-weight: 600; border-left: 3px solid var(--path); padding-left: 8px; }
.tone-drop .training-lesson, .tone-policy .training-lesson { border-left-color: var(--err); }
.training-notes { margin: 8px 0 0; padding-left: 18px; }
.training-notes li { margin: 2px 0; }
.training-notes .ln { font-family: var(--mono); color: var(--muted); }
.training-excerpt { margin-top: 10px; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; max-height: 360px; overflow: auto; }
.training-excerpt pre { margin: 0; padding: 8px 0; font-family: var(--mono); font-size: 12px; line-height: 1.35; }
.training-excerpt .l { display: block; padding: 0 10px; white-space: pre; }
.training-excerpt .l.hl { background: var(--warn-soft); }
.training-excerpt .n { display: inline-block; min-width: 3.5em; color: var(--muted); user-select: none; }
.training-excerpt .head { padding: 6px 10px; border-bottom: 1px solid var(--border); color: var(--muted); font-size: 12px; }
.training-topology { height: 300px; border: 1px solid var(--border); border-radius: 8px; overflow: hidden; background: var(--panel); }
.training-topology .topology { height: 100%; }
.training-q fieldset { border: 0; padding: 0; margin: 8px 0; }
.training-q legend { font-weight: 600; font-size: 15px; margin-bottom: 8px; }
.training-q label { display: flex; gap: 8px; align-items: flex-start; padding: 7px 9px; border: 1px solid var(--border); border-radius: var(--radius); margin: 5px 0; cursor: pointer; background: var(--panel); }
.training-q label:hover { background: var(--panel-2); }
.training-q label.picked { border-color: var(--accent); }
.training-q input { margin-top: 3px; }
.training-feedback { margin-top: 10px; padding: 8px 10px; border-radius: var(--radius); }
.training-feedback.right { background: var(--ok-soft); color: var(--ok); }
.training-feedback.wrong { background: var(--err-soft); color: var(--err); }
.training-feedback p { margin: 0; color: var(--text); }
.training-feedback strong { display: block; margin-bottom: 2px; }
.training-commands { list-style: none; padding: 0; }
.training-commands li { margin: 8px 0; }
.training-commands code { display: inline-block; padding: 3px 6px; }
.training-commands .why { color: var(--muted); display: block; margin-top: 2px; }
.training-complete { background: var(--ok-soft); color: var(--ok); border-radius: var(--radius); padding: 8px 10px; font-weight: 600; }
.training-todo { background: var(--warn-soft); color: var(--warn); border-radius: var(--radius); padding: 8px 10px; }
.training-walk ol { list-style: none; padding: 0; margin: 0; }
.training-walk li.step { border: 1px solid var(--border); border-left: 4px solid var(--accent); border-radius: 6px; padding: 8px 10px; margin: 8px 0; background: var(--panel); }
.training-walk li.step.tone-drop, .training-walk li.step.tone-policy { border-left-color: var(--err); }
.training-walk li.step.tone-nat { border-left-color: var(--nat); }
.training-walk li.step.tone-unknown { border-left-color: var(--warn); background: var(--warn-soft); }
.training-walk li.step.minor { opacity: .8; }
.training-walk h4 { margin: 0 0 4px; font-size: 13px; }
.training-walk .lines { font-family: var(--mono); font-size: 11.5px; white-space: pre; overflow-x: auto; background: var(--panel-2); padding: 4px 8px; border-radius: 4px; margin-top: 6px; }
.training-actions { display: flex; gap: 6px; flex-wrap: wrap; margin: 10px 0; }
.training-intro p { max-width: 900px; }
@media (max-width: 1100px) { .training-page { grid-template-columns: 1fr; } .training { grid-template-columns: 220px 1fr; } }
`;

let installed = false;

/** Installs the training styles once (no-op where constructed stylesheets are not supported). */
export function installTrainingStyles(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    // Very old engines: the view still works with the app's base styles.
  }
}
