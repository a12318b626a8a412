// One lesson, page by page: narrated steps (topology + the trace lines they point at), then the
// questions (feedback for every choice), then the summary with the commands to try and the exports.
// Keyboard: ← / → move between pages, 1–4 pick an answer, Enter checks it.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  answerQuestion,
  goToPage,
  lessonProgress,
  lessonStatus,
  lessonToHtml,
  lessonToMarkdown,
  markCompletion,
  pageAt,
  pageCount,
  resetLesson,
  type Lesson,
  type LessonProgress,
  type Question,
} from '../../../core/training';
import { saveBytes, toast } from '../../app/actions';
import { Topology } from '../../diagrams/Topology';
import { Icon } from '../../components/Icon';
import { Rich } from './Rich';
import { TraceExcerpt } from './TraceExcerpt';
import { useTraining } from './use-training';

const encoder = new TextEncoder();

function isField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export async function exportLesson(lesson: Lesson, format: 'html' | 'md'): Promise<void> {
  try {
    const text = format === 'html' ? lessonToHtml(lesson) : lessonToMarkdown(lesson);
    await saveBytes(`lesson-${lesson.name}.${format}`, encoder.encode(text), format === 'html' ? 'text/html' : 'text/markdown');
  } catch (e) {
    toast(`Export failed: ${(e as Error).message}`);
  }
}

function StepPage({ lesson, index, headRef }: { lesson: Lesson; index: number; headRef: React.RefObject<HTMLHeadingElement | null> }) {
  const s = lesson.steps[index]!;
  const pk = lesson.packets[s.packet]!;
  const [selected, setSelected] = useState<string | null>(null);
  const highlight = new Set(s.lines.map((l) => l.line));
  const notes = s.lines.filter((l) => l.note);
  return (
    <div className={`training-page tone-${s.tone}`}>
      <div>
        {index === 0 && lesson.intro.length > 0 && (
          <div className="training-card training-intro" data-testid="lesson-intro">
            {lesson.intro.map((t, i) => (
              <p key={i}>
                <Rich text={t} />
              </p>
            ))}
          </div>
        )}
        <article className="training-card" data-testid="training-step" data-step={index + 1} data-node={s.node} data-hop={s.hop} style={index === 0 ? { marginTop: 10 } : undefined}>
          <div className="training-where">
            Step {index + 1} of {lesson.steps.length} · {pk.title} · on {pk.k8sNode} · hop {s.hop + 1} of {pk.facts.nodes.length}
          </div>
          <h3 ref={headRef} tabIndex={-1}>
            {s.title}
          </h3>
          {s.lesson && (
            <p className="training-lesson">
              <Rich text={s.lesson} />
            </p>
          )}
          {s.text.map((t, i) => (
            <p key={i}>
              <Rich text={t} />
            </p>
          ))}
          {notes.length > 0 && (
            <>
              <div className="section-title">The lines, in the trace on the right</div>
              <ul className="training-notes">
                {notes.map((l) => (
                  <li key={l.line}>
                    <span className="ln">line {l.line}</span> — {l.note}
                  </li>
                ))}
              </ul>
            </>
          )}
        </article>
      </div>
      <div>
        <div className="training-topology">
          <Topology
            model={lesson.topology}
            packet={{ node: pk.k8sNode, path: pk.path, current: s.place, currentNode: s.node, verdict: pk.facts.verdict }}
            selected={selected}
            onSelect={setSelected}
            label={`Lesson topology; the packet is at ${s.place ? `${s.place.kind} ${s.place.name}` : 'an unknown place'} (${s.node}) on ${pk.k8sNode}`}
            compact
          />
        </div>
        <TraceExcerpt title={`${pk.input} — Packet ${pk.number} (thread ${pk.thread})`} lines={pk.raw} highlight={highlight} />
      </div>
    </div>
  );
}

function QuestionPage({
  lesson,
  q,
  index,
  lp,
  onAnswer,
  onShowStep,
  headRef,
}: {
  lesson: Lesson;
  q: Question;
  index: number;
  lp: LessonProgress;
  onAnswer(choice: string): void;
  onShowStep(step: number): void;
  headRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const stored = lp.answers[q.id];
  const [picked, setPicked] = useState<string | null>(stored ?? null);
  const answered = stored !== undefined ? q.choices.find((c) => c.id === stored) : undefined;
  const form = useRef<HTMLFormElement>(null);
  const pick = (id: string) => {
    setPicked(id);
    form.current?.querySelector<HTMLInputElement>(`input[value="${id}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= q.choices.length) {
      e.preventDefault();
      pick(q.choices[n - 1]!.id);
    } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      if (picked) onAnswer(picked);
    }
  };
  return (
    <div className="training-page single">
      <div className="training-card training-q" data-testid="training-question" data-question={q.id} onKeyDown={onKey}>
        <div className="training-where">
          Question {index + 1} of {lesson.questions.length}
        </div>
        <h3 ref={headRef} tabIndex={-1}>
          <Rich text={q.prompt} />
        </h3>
        <form
          ref={form}
          onSubmit={(e) => {
            e.preventDefault();
            if (picked) onAnswer(picked);
          }}
        >
          <fieldset>
            <legend className="sr-only">{q.prompt.replace(/`/g, '')}</legend>
            {q.choices.map((c, i) => (
              <label key={c.id} className={picked === c.id ? 'picked' : undefined}>
                <input type="radio" name={`q-${q.id}`} value={c.id} checked={picked === c.id} onChange={() => setPicked(c.id)} aria-keyshortcuts={String(i + 1)} />
                <span>
                  <span className="muted">{i + 1}.</span> <Rich text={c.text} />
                </span>
              </label>
            ))}
          </fieldset>
          <div className="training-actions">
            <button type="submit" className="btn primary" disabled={!picked}>
              Check answer
            </button>
            {q.step !== null && (
              <button type="button" className="btn" onClick={() => onShowStep(q.step!)}>
                Show the step it is about
              </button>
            )}
          </div>
        </form>
        <div role="status" aria-live="polite">
          {answered && (
            <div className={`training-feedback ${answered.id === q.correct ? 'right' : 'wrong'}`} data-testid="feedback" data-correct={answered.id === q.correct ? 'true' : 'false'} data-choice={answered.id}>
              <strong>{answered.id === q.correct ? 'Correct' : 'Not quite — try again'}</strong>
              <p>
                <Rich text={answered.feedback} />
              </p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function SummaryPage({ lesson, lp, onRestart, headRef }: { lesson: Lesson; lp: LessonProgress; onRestart(): void; headRef: React.RefObject<HTMLHeadingElement | null> }) {
  const st = lessonStatus(lesson, lp);
  return (
    <div className="training-page single">
      <div className="training-card" data-testid="training-summary">
        <h3 ref={headRef} tabIndex={-1}>
          Summary
        </h3>
        {st.complete ? (
          <div className="training-complete" data-testid="lesson-complete" role="status">
            Lesson complete ✓ — every step seen and every question answered correctly.
          </div>
        ) : (
          <div className="training-todo" role="status">
            Not complete yet: {st.stepsSeen}/{st.steps} steps seen, {st.correct}/{st.questions} questions answered correctly.
          </div>
        )}
        {lesson.summary.text.map((t, i) => (
          <p key={i}>
            <Rich text={t} />
          </p>
        ))}
        <div className="section-title">Try it on a real cluster</div>
        <ul className="training-commands">
          {lesson.summary.commands.map((c, i) => (
            <li key={i}>
              <code>{c.command}</code>
              <span className="why">
                <Rich text={c.why} />
              </span>
            </li>
          ))}
        </ul>
        <div className="training-actions">
          <button className="btn" onClick={() => void exportLesson(lesson, 'html')}>
            Export as HTML
          </button>
          <button className="btn" onClick={() => void exportLesson(lesson, 'md')}>
            Export as Markdown
          </button>
          <button className="btn" onClick={onRestart}>
            Start over
          </button>
        </div>
      </div>
    </div>
  );
}

export function LessonPlayer({ lesson }: { lesson: Lesson }) {
  const { progress, setProgress } = useTraining();
  const lp = lessonProgress(progress, lesson.name);
  const total = pageCount(lesson);
  const page = Math.min(lp.page, total - 1);
  const at = pageAt(lesson, page);
  const status = lessonStatus(lesson, lp);
  const root = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLHeadingElement>(null);

  const go = (n: number) => setProgress((p) => markCompletion(goToPage(p, lesson, n), lesson, Date.now()));

  // Opening a lesson counts its current page as seen and puts the keyboard focus in it.
  useEffect(() => {
    go(page);
    headRef.current?.focus();
  }, [lesson.name]);
  // When the focused control disappears (a page change), focus the new page's heading.
  useEffect(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body || !root.current?.contains(a) || (a as HTMLButtonElement).disabled) headRef.current?.focus();
  }, [page]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isField(e.target)) return;
    if (e.key === 'ArrowRight' && page < total - 1) {
      e.preventDefault();
      go(page + 1);
    } else if (e.key === 'ArrowLeft' && page > 0) {
      e.preventDefault();
      go(page - 1);
    }
  };

  const label = at.kind === 'step' ? `Step ${at.index + 1} of ${lesson.steps.length}` : at.kind === 'question' ? `Question ${at.index + 1} of ${lesson.questions.length}` : 'Summary';
  return (
    <div className="training-player" ref={root} onKeyDown={onKeyDown} data-testid="lesson-player" data-lesson={lesson.name}>
      <h2>{lesson.title}</h2>
      <div className="training-goal">
        <strong>Goal:</strong> <Rich text={lesson.goal} />
      </div>
      <div className="training-bar" role="toolbar" aria-label="Lesson pages">
        <button className="btn small" onClick={() => go(page - 1)} disabled={page === 0} aria-label="Previous page">
          <Icon name="prev" /> Previous
        </button>
        <span className="pos" aria-live="polite" data-testid="lesson-position">
          {label} · page {page + 1}/{total}
        </span>
        <div className="training-progress" role="progressbar" aria-label="Lesson progress" aria-valuemin={0} aria-valuemax={status.steps + status.questions} aria-valuenow={status.stepsSeen + status.correct}>
          <span style={{ width: `${(100 * (status.stepsSeen + status.correct)) / Math.max(1, status.steps + status.questions)}%` }} />
        </div>
        <button className="btn small primary" onClick={() => go(page + 1)} disabled={page >= total - 1} aria-label="Next page">
          Next <Icon name="next" />
        </button>
        <span className="muted">
          <kbd>←</kbd> <kbd>→</kbd> pages
        </span>
      </div>
      {at.kind === 'step' && <StepPage key={`s${at.index}`} lesson={lesson} index={at.index} headRef={headRef} />}
      {at.kind === 'question' && (
        <QuestionPage
          key={`q${lesson.questions[at.index]!.id}`}
          lesson={lesson}
          q={lesson.questions[at.index]!}
          index={at.index}
          lp={lp}
          onAnswer={(choice) => setProgress((p) => markCompletion(answerQuestion(p, lesson, lesson.questions[at.index]!.id, choice), lesson, Date.now()))}
          onShowStep={(step) => go(step)}
          headRef={headRef}
        />
      )}
      {at.kind === 'summary' && <SummaryPage lesson={lesson} lp={lp} onRestart={() => setProgress((p) => goToPage(resetLesson(p, lesson.name), lesson, 0))} headRef={headRef} />}
    </div>
  );
}
