// Training progress: pages, seen steps, answers, completion; stored text read leniently.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  answerQuestion,
  emptyProgress,
  getLesson,
  goToPage,
  lessonProgress,
  lessonStatus,
  markCompletion,
  pageAt,
  pageCount,
  parseProgress,
  resetLesson,
  serializeProgress,
} from '../../../src/core/training';

const lesson = getLesson('pod-to-service')!;

describe('progress', () => {
  test('a lesson is complete after every step is seen and every question answered correctly', () => {
    let p = emptyProgress();
    for (let i = 0; i < pageCount(lesson); i++) p = goToPage(p, lesson, i);
    let st = lessonStatus(lesson, lessonProgress(p, lesson.name));
    assert.equal(st.stepsSeen, lesson.steps.length);
    assert.equal(st.complete, false, 'questions still open');
    for (const q of lesson.questions) {
      const wrong = q.choices.find((c) => c.id !== q.correct)!;
      p = answerQuestion(p, lesson, q.id, wrong.id);
    }
    st = lessonStatus(lesson, lessonProgress(p, lesson.name));
    assert.equal(st.answered, lesson.questions.length);
    assert.equal(st.correct, 0);
    assert.equal(markCompletion(p, lesson, 5), p, 'not complete: unchanged');
    for (const q of lesson.questions) p = answerQuestion(p, lesson, q.id, q.correct);
    p = markCompletion(p, lesson, 1234);
    assert.equal(lessonProgress(p, lesson.name).completedAt, 1234);
    assert.equal(lessonProgress(markCompletion(p, lesson, 9999), lesson.name).completedAt, 1234, 'first completion time kept');
    const back = parseProgress(serializeProgress(p));
    assert.deepEqual(back, p, 'survives a round trip');
    assert.deepEqual(resetLesson(back, lesson.name).lessons, {});
  });

  test('pages: steps, then questions, then the summary; out-of-range pages are clamped', () => {
    assert.deepEqual(pageAt(lesson, 0), { kind: 'step', index: 0 });
    assert.deepEqual(pageAt(lesson, lesson.steps.length), { kind: 'question', index: 0 });
    assert.deepEqual(pageAt(lesson, 10_000), { kind: 'summary' });
    const p = goToPage(emptyProgress(), lesson, -5);
    assert.equal(lessonProgress(p, lesson.name).page, 0);
    assert.equal(answerQuestion(p, lesson, 'no-such-question', 'a'), p);
    assert.equal(answerQuestion(p, lesson, lesson.questions[0]!.id, 'z'), p);
  });

  test('any stored text is read without throwing and gives valid progress', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.constant('{"version":1,"lessons":{"x":{"page":-1,"seen":[1,"a",1,2],"answers":{"q":7,"r":"b"},"completedAt":"no"}}}')), (s) => {
        const p = parseProgress(s);
        assert.equal(p.version, 1);
        for (const lp of Object.values(p.lessons)) {
          assert.ok(Number.isInteger(lp.page) && lp.page >= 0);
          assert.ok(lp.seen.every((n) => Number.isInteger(n) && n >= 0));
          assert.ok(Object.values(lp.answers).every((v) => typeof v === 'string'));
          assert.ok(lp.completedAt === null || typeof lp.completedAt === 'number');
        }
      }),
    );
    const p = parseProgress('{"version":1,"lessons":{"x":{"page":-1,"seen":[2,"a",1,2],"answers":{"q":7,"r":"b"},"completedAt":"no"}}}');
    assert.deepEqual(p.lessons.x, { page: 0, seen: [1, 2], answers: { r: 'b' }, completedAt: null });
    assert.deepEqual(parseProgress(null), emptyProgress());
    assert.deepEqual(parseProgress('{"version":2,"lessons":{}}'), emptyProgress());
  });
});
