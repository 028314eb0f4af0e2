"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { RequireRole } from "@/components/RequireRole";
import { Loaded } from "@/components/Status";
import { DeliverableEditor } from "@/components/staff/DeliverableEditor";
import { apiRoutes } from "@/lib/apiRoutes";
import { STAFF } from "@/lib/roles";
import type { TrackDetail, UploadableFileTypes } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function TrackCurriculumPage() {
  return (
    <RequireRole roles={STAFF}>
      <TrackCurriculum />
    </RequireRole>
  );
}

const KIND_LABELS = { link: "a link", github: "a GitHub repository", file: "a file", text: "a text" } as const;

function TrackCurriculum() {
  const { code } = useParams<{ code: string }>();
  const track = useApiData<TrackDetail>(apiRoutes.track(code));
  // The api's upload allow-list: a deliverable can only accept types from it.
  const fileTypes = useApiData<UploadableFileTypes>(apiRoutes.admin.uploadableFileTypes);
  return (
    <>
      <p>
        <Link href="/staff/tracks">← Curriculum</Link>
      </p>
      <Loaded state={track}>
        {(detail) => (
          <>
            <h1>{detail.name}: checklists and file types</h1>
            <p className="muted">
              Trainers tick the checklist before approving, and students see it. Changes apply to reviews from now on; decided reviews keep the checklist they
              were decided with.
            </p>
            {detail.projects.map((project) => (
              <section key={project.id} aria-labelledby={`project-${project.id}`} className="stack">
                <h2 id={`project-${project.id}`}>
                  Project {project.position}: {project.title}
                </h2>
                {project.deliverables.map((deliverable) => (
                  <section key={deliverable.id} className="card" aria-labelledby={`deliverable-${deliverable.id}`}>
                    <h3 id={`deliverable-${deliverable.id}`} className="card-title">
                      {deliverable.title}
                    </h3>
                    <p className="muted">Students hand in {KIND_LABELS[deliverable.kind]}.</p>
                    <Loaded state={fileTypes} label="Loading file types…">
                      {(types) => (
                        <DeliverableEditor trackCode={detail.code} projectId={project.id} deliverable={deliverable} uploadable={types.extensions} />
                      )}
                    </Loaded>
                  </section>
                ))}
              </section>
            ))}
          </>
        )}
      </Loaded>
    </>
  );
}
