"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { ProgressBar } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { TRAINER_OR_STAFF } from "@/lib/roles";
import type { TrainerStudentRow } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function MyStudentsPage() {
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <h1>My students</h1>
      <StudentList />
    </RequireRole>
  );
}

function StudentList() {
  const students = useApiData<TrainerStudentRow[]>(apiRoutes.trainer.students);
  return (
    <Loaded state={students}>
      {(data) =>
        data.length === 0 ? (
          <Empty>No students are assigned to you yet.</Empty>
        ) : (
          <Table columns={["Student", "Track", "Progress", "Projects approved", "Awaiting review", "Enrolled"]}>
            {data.map((row) => (
              <tr key={row.enrollmentId}>
                <td>
                  <Link href={`/staff/students/${row.studentId}`}>{row.fullName || row.email}</Link>
                  <br />
                  <span className="muted">{row.email}</span>
                </td>
                <td>
                  {row.trackCode} {row.status !== "active" ? <span className="badge">{row.status}</span> : null}
                </td>
                <td>
                  <ProgressBar percent={row.percent} label={`Progress of ${row.fullName}`} />
                </td>
                <td>{row.projectsApproved}</td>
                <td>{row.awaitingReview > 0 ? <span className="badge warn">{row.awaitingReview}</span> : 0}</td>
                <td>{formatDate(row.enrolledAt)}</td>
              </tr>
            ))}
          </Table>
        )
      }
    </Loaded>
  );
}
