// Training mode: lessons generated from the simulator's scenarios, narrated walkthroughs of any
// journey, questions with feedback, progress, and exports to self-contained HTML and Markdown.
import { buildLesson } from './build';
import { LESSON_SPECS } from './lessons';
import type { Lesson, LessonSummary } from './types';

export type * from './types';
export { buildLesson, LessonBuildError, traceInputName, type LessonSpec, type BuildOptions } from './build';
export { LESSON_SPECS } from './lessons';
export { narrateJourney, walkthrough, storyOf, rawLines, packetFacts, type NarrateOptions } from './narrate';
export { scenarioSchematic, scenarioWhoIs } from './cluster';
export { explainDocument, type ExplainOptions } from './explain';
export { lessonToHtml, walkthroughToHtml } from './export-html';
export { lessonToMarkdown, walkthroughToMarkdown } from './export-markdown';
export { schematicSvg } from './svg';
export * from './progress';

const cache = new Map<string, Lesson>();

/** Names of every lesson, in teaching order (cheap: nothing is built). */
export function lessonNames(): string[] {
  return LESSON_SPECS.map((s) => s.name);
}

/** One lesson by name, built on first use (null when there is no such lesson). */
export function getLesson(name: string): Lesson | null {
  const hit = cache.get(name);
  if (hit) return hit;
  const spec = LESSON_SPECS.find((s) => s.name === name);
  if (!spec) return null;
  const l = buildLesson(spec);
  cache.set(name, l);
  return l;
}

/** Every lesson, built. */
export function lessons(): Lesson[] {
  return LESSON_SPECS.map((s) => getLesson(s.name)!);
}

export function summarizeLesson(l: Lesson): LessonSummary {
  return { name: l.name, title: l.title, steps: l.steps.length, questions: l.questions.length };
}

/** What `lesson list --json` prints. */
export function lessonList(): LessonSummary[] {
  return lessons().map(summarizeLesson);
}
