// The Training view: the lessons (generated from the simulator) with the learner's progress, the
// lesson player, and "explain the selected packet" for whatever is open. Works without anything open.
import { useMemo, useState } from 'react';
import { lessonProgress, lessonStatus } from '../../../core/training';
import { useStore } from '../../app/store';
import { ExplainPanel } from './ExplainPanel';
import { LessonPlayer } from './LessonPlayer';
import { installTrainingStyles } from './styles';
import { allLessons, useTraining } from './use-training';

export function TrainingView() {
  installTrainingStyles();
  const lessons = useMemo(() => allLessons(), []);
  const { progress, current, open } = useTraining();
  const journey = useStore((s) => s.journey);
  const [mode, setMode] = useState<'lesson' | 'explain'>('lesson');
  const lesson = lessons.find((l) => l.name === current) ?? null;
  const done = lessons.filter((l) => lessonStatus(l, lessonProgress(progress, l.name)).complete).length;
  return (
    <div className="training view" data-testid="training-view">
      <nav className="training-list" aria-label="Lessons">
        <h2>
          Lessons · {done}/{lessons.length} done
        </h2>
        <ol>
          {lessons.map((l, i) => {
            const st = lessonStatus(l, lessonProgress(progress, l.name));
            return (
              <li key={l.name}>
                <button
                  className="lesson-item"
                  aria-current={mode === 'lesson' && current === l.name ? 'true' : undefined}
                  data-lesson={l.name}
                  data-complete={st.complete ? 'true' : 'false'}
                  onClick={() => {
                    setMode('lesson');
                    open(l.name);
                  }}
                >
                  <span className="t">
                    {i + 1}. {l.title}
                  </span>
                  <span className="p">
                    {st.complete ? <span className="done">✓ complete</span> : `${st.stepsSeen}/${st.steps} steps · ${st.correct}/${st.questions} answers`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        <h2>Your own traces</h2>
        <button className="lesson-item" aria-current={mode === 'explain' ? 'true' : undefined} onClick={() => setMode('explain')} data-testid="explain-selected">
          <span className="t">Explain the selected packet</span>
          <span className="p">{journey ? `packet ${journey.journey.id}` : 'no packet selected'}</span>
        </button>
      </nav>
      <div className="training-main">
        {mode === 'explain' ? (
          <ExplainPanel />
        ) : lesson ? (
          <LessonPlayer key={lesson.name} lesson={lesson} />
        ) : (
          <div className="training-card training-intro" data-testid="training-welcome">
            <h2>Learn to read a packet's path through VPP</h2>
            <p>
              Each lesson follows real-looking packets of a simulated Calico VPP cluster: how a packet leaves a pod, crosses VPP's graph and reaches another pod, a service, the host or another node — and how to
              read <code>show trace</code> to find why a packet was dropped. Every step points at the exact lines of the trace; each lesson ends with a few questions and the commands to try on a real cluster.
            </p>
            <p>Your progress is kept in this browser. Use ← and → to move through a lesson.</p>
            <button className="btn primary" onClick={() => open(lessons[0]!.name)}>
              Start with “{lessons[0]!.title}”
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
