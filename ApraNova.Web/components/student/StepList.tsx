"use client";

import { useState } from "react";
import { api } from "@/lib/api";
import { ApiError } from "@/lib/problem";
import type { LearningStep } from "@/lib/types";

/** Ticks steps done/undone; the box changes at once and goes back if the api refuses. */
export function StepList({ steps, readOnly }: { steps: LearningStep[]; readOnly: boolean }) {
  const [done, setDone] = useState<Record<string, boolean>>(() => Object.fromEntries(steps.map((s) => [s.id, s.done])));
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);

  async function toggle(step: LearningStep, value: boolean) {
    setError(null);
    setDone((d) => ({ ...d, [step.id]: value }));
    setPending((p) => ({ ...p, [step.id]: true }));
    try {
      const path = `/api/learning/steps/${step.id}/completion`;
      await (value ? api.put(path) : api.delete(path));
    } catch (failure) {
      setDone((d) => ({ ...d, [step.id]: !value }));
      setError(failure instanceof ApiError ? failure.message : "The step could not be saved.");
    } finally {
      setPending((p) => ({ ...p, [step.id]: false }));
    }
  }

  if (steps.length === 0) return <p className="empty">This project has no steps.</p>;
  return (
    <>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.id}>
            <input
              type="checkbox"
              id={`step-${step.id}`}
              checked={done[step.id] ?? false}
              disabled={readOnly || pending[step.id]}
              onChange={(e) => toggle(step, e.currentTarget.checked)}
              aria-describedby={`step-${step.id}-text`}
            />
            <div>
              <label htmlFor={`step-${step.id}`}>
                <strong>
                  {step.position}. {step.title}
                </strong>
              </label>
              <p id={`step-${step.id}-text`} className="muted">
                {step.instructions}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
