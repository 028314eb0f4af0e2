"""Seeds the benchmark's student through the public api; prints the student's access token.

usage: seed.py API_URL ADMIN_EMAIL ADMIN_PASSWORD LIBPQ_CONNINFO
The trainer's role is set directly in the database (the role-change endpoint belongs to the
accounts feature and is not what this benchmark measures)."""
import functools, subprocess, sys, uuid

import signup

api, admin_email, admin_password, conninfo = sys.argv[1:5]
TRAINER_ROLE_ID = "5a0e7c1e-0000-4000-8000-000000000002"
call = functools.partial(signup.call, api)


def sign_up(prefix):
    email = f"{prefix}-{uuid.uuid4().hex[:10]}@bench.apranova.dev"
    auth = signup.sign_up(api, conninfo, email, "bench-password-123", prefix.title())
    return auth["user"]["id"], email


admin = call("POST", "/api/auth/login", {"email": admin_email, "password": admin_password})["accessToken"]

trainer_id, trainer_email = sign_up("trainer")
subprocess.run(["psql", conninfo, "-qc", f"UPDATE user_roles SET role_id = '{TRAINER_ROLE_ID}' WHERE user_id = '{trainer_id}'"], check=True)
trainer = call("POST", "/api/auth/login", {"email": trainer_email, "password": "bench-password-123"})["accessToken"]
call("POST", "/api/admin/tracks/DP/trainers", {"trainerId": trainer_id}, admin)

student_id, student_email = sign_up("student")
call("POST", "/api/admin/enrollments", {"studentId": student_id, "trackCode": "DP"}, admin)
student = call("POST", "/api/auth/login", {"email": student_email, "password": "bench-password-123"})["accessToken"]

track = call("GET", "/api/learning", token=student)
project = track["projects"][0]
for step in project["steps"][:3]:
    call("PUT", f"/api/learning/steps/{step['id']}/completion", token=student)
submissions = []
for deliverable in project["deliverables"]:
    body = {"deliverableId": deliverable["id"]}
    if deliverable["kind"] == "github":
        body["url"] = "https://github.com/bench-student/retail-sql"
    elif deliverable["kind"] == "link":
        body["url"] = "https://example.com/dashboard"
    elif deliverable["kind"] == "text":
        body["text"] = "Revenue grew 12% month over month; returns excluded."
    else:
        continue
    submissions.append((call("POST", "/api/submissions", body, student)["id"], len(deliverable.get("rubric") or [])))
# Approving ticks every rubric item of the deliverable as met.
first, rubric_items = submissions[0]
call("POST", f"/api/trainers/submissions/{first}/approve", {"feedback": "Good", "rubricMet": list(range(rubric_items))}, trainer)
if len(submissions) > 1:
    call("POST", f"/api/trainers/submissions/{submissions[1][0]}/request-revision", {"feedback": "Add the caveats"}, trainer)

dashboard = call("GET", "/api/dashboard", token=student)
assert dashboard["trainer"]["id"] == trainer_id and dashboard["recentSubmissions"], dashboard
print(student)
