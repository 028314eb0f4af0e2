"use client";

import { useEffect, useState } from "react";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import type { StepView } from "@/lib/types";
import { useAction } from "@/lib/useAction";

/**
 * Ticks steps done/undone; the box changes at once (and the project's progress with it, through
 * `onDoneChange`) and goes back if the api refuses. Instructions are the api's rendered Markdown
 * (raw HTML disabled, links checked server-side).
 */
export function StepList({ steps, readOnly, onDoneChange }: { steps: StepView[]; readOnly: boolean; onDoneChange?: (done: number) => void }) {
  const [done, setDone] = useState<Record<string, boolean>>(() => Object.fromEntries(steps.map((s) => [s.id, s.done])));
  // Steps save independently, so each has its own "saving" flag; the last failure shows above the list.
  const [saving, setSaving] = useState<Record<string, boolean>>({});
  const save = useAction();

  const doneCount = Object.values(done).filter(Boolean).length;
  useEffect(() => onDoneChange?.(doneCount), [doneCount, onDoneChange]);

  function set(step: StepView, value: boolean) {
    setDone((d) => ({ ...d, [step.id]: value }));
  }

  async function toggle(step: StepView, value: boolean) {
    set(step, value);
    setSaving((p) => ({ ...p, [step.id]: true }));
    const path = apiRoutes.learning.stepCompletion(step.id);
    const outcome = await save.run(() => (value ? api.put(path) : api.delete(path)));
    if (!outcome.ok) set(step, !value);
    setSaving((p) => ({ ...p, [step.id]: false }));
  }

  if (steps.length === 0) return <p className="empty">This project has no steps.</p>;
  return (
    <>
      {save.error ? (
        <p className="alert alert-error" role="alert">
          {save.error}
        </p>
      ) : null}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.id}>
            <input
              type="checkbox"
              id={`step-${step.id}`}
              checked={done[step.id] ?? false}
              disabled={readOnly || saving[step.id]}
              onChange={(e) => toggle(step, e.currentTarget.checked)}
              aria-describedby={`step-${step.id}-text`}
            />
            <div>
              <label htmlFor={`step-${step.id}`}>
                <strong>
                  {step.position}. {step.title}
                </strong>
              </label>
              <div id={`step-${step.id}-text`} className="prose" dangerouslySetInnerHTML={{ __html: step.instructionsHtml }} />
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
