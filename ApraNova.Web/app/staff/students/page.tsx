"use client";

import Link from "next/link";
import { RequireRole, TRAINER } from "@/components/RequireRole";
import { ProgressBar } from "@/components/StatusBadge";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { formatDate, type TrainerStudentRow } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function MyStudentsPage() {
  return (
    <RequireRole roles={TRAINER}>
      <h1>My students</h1>
      <StudentList />
    </RequireRole>
  );
}

function StudentList() {
  const { data, error, loading, reload } = useApiData<TrainerStudentRow[]>("/api/trainers/students");
  if (loading) return <Loading />;
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (data.length === 0) return <Empty>No students are assigned to you yet.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Track</th>
            <th scope="col">Progress</th>
            <th scope="col">Projects approved</th>
            <th scope="col">Awaiting review</th>
            <th scope="col">Enrolled</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
