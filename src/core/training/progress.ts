// Training progress as plain data: where the learner is in each lesson, which steps they saw, their
// answers, and when they completed it. Pure functions (the renderer stores the JSON, e.g. in
// localStorage); stored text from older or broken versions is read leniently and never throws.
import type { Lesson } from './types';

export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** The page the learner was on (steps, then questions, then the summary). */
  page: number;
  /** Step indices seen, ascending. */
  seen: number[];
  /** Question id → the choice id last picked. */
  answers: Record<string, string>;
  /** Milliseconds since the epoch when the lesson was completed, or null. */
  completedAt: number | null;
}

export interface TrainingProgress {
  version: number;
  lessons: Record<string, LessonProgress>;
}

export function emptyProgress(): TrainingProgress {
  return { version: PROGRESS_VERSION, lessons: {} };
}

export function emptyLessonProgress(): LessonProgress {
  return { page: 0, seen: [], answers: {}, completedAt: null };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function readLesson(x: unknown): LessonProgress | null {
  if (!isRecord(x)) return null;
  const lp = emptyLessonProgress();
  if (typeof x.page === 'number' && Number.isInteger(x.page) && x.page >= 0 && x.page < 10000) lp.page = x.page;
  if (Array.isArray(x.seen)) lp.seen = [...new Set(x.seen.filter((n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 10000))].sort((a, b) => a - b);
  if (isRecord(x.answers)) {
    for (const [k, v] of Object.entries(x.answers)) if (typeof v === 'string' && k.length < 100 && v.length < 20) lp.answers[k] = v;
  }
  if (typeof x.completedAt === 'number' && Number.isFinite(x.completedAt)) lp.completedAt = x.completedAt;
  return lp;
}

/** Reads stored progress; anything unreadable gives empty progress (never throws). */
export function parseProgress(text: string | null | undefined): TrainingProgress {
  if (!text) return emptyProgress();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyProgress();
  }
  if (!isRecord(raw) || raw.version !== PROGRESS_VERSION || !isRecord(raw.lessons)) return emptyProgress();
  const p = emptyProgress();
  for (const [name, v] of Object.entries(raw.lessons)) {
    const lp = readLesson(v);
    if (lp && name.length < 200) p.lessons[name] = lp;
  }
  return p;
}

export function serializeProgress(p: TrainingProgress): string {
  return JSON.stringify(p);
}

export function lessonProgress(p: TrainingProgress, lesson: string): LessonProgress {
  return p.lessons[lesson] ?? emptyLessonProgress();
}

function withLesson(p: TrainingProgress, lesson: string, f: (lp: LessonProgress) => LessonProgress): TrainingProgress {
  return { ...p, lessons: { ...p.lessons, [lesson]: f(lessonProgress(p, lesson)) } };
}

/** Pages of a lesson: one per step, one per question, then the summary. */
export function pageCount(l: Lesson): number {
  return l.steps.length + l.questions.length + 1;
}

export type Page = { kind: 'step'; index: number } | { kind: 'question'; index: number } | { kind: 'summary' };

export function pageAt(l: Lesson, page: number): Page {
  const p = Math.max(0, Math.min(page, pageCount(l) - 1));
  if (p < l.steps.length) return { kind: 'step', index: p };
  if (p < l.steps.length + l.questions.length) return { kind: 'question', index: p - l.steps.length };
  return { kind: 'summary' };
}

/** Moves to a page (clamped); a step page counts as seen. */
export function goToPage(p: TrainingProgress, l: Lesson, page: number): TrainingProgress {
  const at = Math.max(0, Math.min(page, pageCount(l) - 1));
  return withLesson(p, l.name, (lp) => {
    const pg = pageAt(l, at);
    const seen = pg.kind === 'step' && !lp.seen.includes(pg.index) ? [...lp.seen, pg.index].sort((a, b) => a - b) : lp.seen;
    return { ...lp, page: at, seen };
  });
}

/** Records an answer (the last one counts). Unknown questions or choices are ignored. */
export function answerQuestion(p: TrainingProgress, l: Lesson, questionId: string, choiceId: string): TrainingProgress {
  const q = l.questions.find((x) => x.id === questionId);
  if (!q || !q.choices.some((c) => c.id === choiceId)) return p;
  return withLesson(p, l.name, (lp) => ({ ...lp, answers: { ...lp.answers, [questionId]: choiceId } }));
}

export interface LessonStatus {
  stepsSeen: number;
  steps: number;
  correct: number;
  answered: number;
  questions: number;
  /** Every step seen and every question answered correctly. */
  complete: boolean;
}

export function lessonStatus(l: Lesson, lp: LessonProgress): LessonStatus {
  const stepsSeen = lp.seen.filter((s) => s < l.steps.length).length;
  const answered = l.questions.filter((q) => lp.answers[q.id] !== undefined).length;
  const correct = l.questions.filter((q) => lp.answers[q.id] === q.correct).length;
  return { stepsSeen, steps: l.steps.length, correct, answered, questions: l.questions.length, complete: stepsSeen === l.steps.length && correct === l.questions.length };
}

/** Sets completedAt when the lesson has just become complete (keeps the first completion time). */
export function markCompletion(p: TrainingProgress, l: Lesson, now: number): TrainingProgress {
  const lp = lessonProgress(p, l.name);
  if (lp.completedAt !== null || !lessonStatus(l, lp).complete) return p;
  return withLesson(p, l.name, (x) => ({ ...x, completedAt: now }));
}

/** Forgets one lesson's progress. */
export function resetLesson(p: TrainingProgress, lesson: string): TrainingProgress {
  const lessons = { ...p.lessons };
  delete lessons[lesson];
  return { ...p, lessons };
}
