namespace ApraNova.Api.Features.Tracks;

/// <summary>
/// The launch curriculum of both tracks. Applied once by <see cref="TrackSeeder"/>; after that
/// the database is the source of truth (admins edit it), so changing this file does not rewrite
/// an existing track.
/// </summary>
internal static class TrackSeedData
{
    public static IReadOnlyList<Track> Tracks() => [DataProfessional(), FullStackDeveloper()];

    private static Track DataProfessional() => new()
    {
        Code = "DP",
        Name = "Data Professional",
        Description = "Go from spreadsheets to production-grade analysis: SQL on a real relational dataset, "
            + "reproducible data cleaning in Python, and a dashboard that answers a business question. "
            + "Every project is reviewed by a trainer who works in the field.",
        PriceCents = 49900,
        Currency = "usd",
        Level = "Beginner to intermediate",
        Effort = "8–10 hours a week for about 12 weeks (3 projects)",
        Prerequisites =
        [
            "Comfortable with spreadsheets (formulas, filters, pivot tables)",
            "No SQL or Python needed: project 1 starts from the first query",
            "A computer that runs PostgreSQL, Python 3 and a browser (Windows, macOS or Linux)",
        ],
        Projects =
        [
            Project(1, "SQL analysis of an online retail business",
                "Answer the questions a head of sales actually asks (revenue trend, best customers, retention) "
                + "with SQL alone, on a PostgreSQL copy of the UCI Online Retail II dataset.",
                [
                    ("Load the dataset into PostgreSQL",
                        "Create a database, design an `invoices` and an `invoice_lines` table with proper types "
                        + "(numeric for money, timestamptz for dates) and load the CSV with `\\copy`. Record the row counts."),
                    ("Profile the data before trusting it",
                        "Count NULL customer ids, negative quantities (returns), zero prices and duplicate lines. "
                        + "Decide, in writing, what you exclude from revenue and why."),
                    ("Revenue by month and by country",
                        "Write aggregate queries with GROUP BY and date_trunc('month', ...). Compare month over month "
                        + "growth with a LAG() window function."),
                    ("Rank the best customers",
                        "Use window functions (RANK, NTILE) to find the top 10% of customers by revenue and the share "
                        + "of revenue they bring."),
                    ("Cohort retention",
                        "Group customers by the month of their first purchase and compute which share buys again in "
                        + "each following month. Use a CTE per stage so a reviewer can follow the logic."),
                ],
                [
                    ("SQL repository", DeliverableKind.Github,
                        "A GitHub repository with one .sql file per question, the schema script and a README that says how to run them."),
                    ("Findings memo", DeliverableKind.Text,
                        "Half a page for a non-technical manager: the three most important findings and the data caveats behind them."),
                ]),
            Project(2, "Cleaning messy data with Python and pandas",
                "Turn a deliberately messy export (mixed date formats, duplicated records, free-text categories) "
                + "into a tidy, validated dataset with a reproducible notebook.",
                [
                    ("Set up a reproducible environment",
                        "Create a virtual environment, pin pandas and jupyter in requirements.txt, and load the raw CSV "
                        + "without letting pandas guess types: pass dtype= and parse dates explicitly."),
                    ("Profile every column",
                        "For each column report type, missing share, distinct values and obvious outliers. Keep the "
                        + "profile in the notebook: it is your evidence for every later decision."),
                    ("Fix types, dates and categories",
                        "Normalise dates to ISO 8601, strip and case-fold categories, map spelling variants to one value, "
                        + "convert currency strings to decimals."),
                    ("Handle missing values and duplicates",
                        "Decide per column: drop, impute or flag. Deduplicate on a business key, not on all columns, and "
                        + "log how many rows each rule removed."),
                    ("Validate and export",
                        "Write assertions (unique keys, value ranges, no NULLs where forbidden) that fail loudly, then "
                        + "export the tidy dataset as CSV and Parquet."),
                ],
                [
                    ("Cleaning notebook", DeliverableKind.File,
                        "The executed Jupyter notebook (.ipynb) with outputs, from raw file to validated export."),
                    ("Project repository", DeliverableKind.Github,
                        "The repository with the notebook, requirements.txt and a README describing each cleaning rule."),
                    ("Cleaning decisions", DeliverableKind.Text,
                        "A short list of every rule you applied and the number of rows it affected."),
                ]),
            Project(3, "A dashboard that answers a business question",
                "Build an interactive dashboard on your cleaned data for a named stakeholder and a small set of "
                + "decisions they must take.",
                [
                    ("Write the brief",
                        "Name the stakeholder, the decisions they take every week and at most five KPIs that inform them. "
                        + "Define each KPI precisely (numerator, denominator, time window)."),
                    ("Model the data for reporting",
                        "Build one fact table and the few dimensions you need (date, customer, product). Check that KPI "
                        + "totals match your SQL from project 1."),
                    ("Build the charts",
                        "One chart per question; choose chart types deliberately (trends as lines, comparisons as bars). "
                        + "Label axes and units, start bar axes at zero."),
                    ("Add filters and drill-downs",
                        "Date range, country and customer segment filters that apply to every chart consistently."),
                    ("Publish and tell the story",
                        "Publish the dashboard (Power BI service, Tableau Public, Looker Studio or Superset) and write the "
                        + "narrative a stakeholder reads first."),
                ],
                [
                    ("Published dashboard", DeliverableKind.Link,
                        "The public or shared link to the live dashboard."),
                    ("Dashboard export", DeliverableKind.File,
                        "A PDF or PNG export of the main page, for the review record."),
                    ("Stakeholder narrative", DeliverableKind.Text,
                        "The five-sentence story the dashboard tells and the action you recommend."),
                ]),
        ],
    };

    private static Track FullStackDeveloper() => new()
    {
        Code = "FSD",
        Name = "Full-Stack Developer",
        Description = "Build and ship a real web application end to end: a tested REST API with authentication, "
            + "a React front end that talks to it, and a production deployment with a database, HTTPS and CI. "
            + "Every project is reviewed by a trainer who ships software for a living.",
        PriceCents = 59900,
        Currency = "usd",
        Level = "Intermediate",
        Effort = "10–12 hours a week for about 14 weeks (3 projects)",
        Prerequisites =
        [
            "You have written small programs in one language (JavaScript, Python, C# or similar)",
            "Basic Git: clone, commit, push",
            "A computer that runs Docker or Node.js and a code editor",
        ],
        Projects =
        [
            Project(1, "A REST API with authentication",
                "Design and build the API of a task-tracking product: resources, validation, authentication and tests.",
                [
                    ("Design the resources",
                        "Write the API contract first: resources (users, projects, tasks), URLs, methods, status codes "
                        + "and error format (RFC 7807 problem details). Keep it in an OpenAPI document."),
                    ("Persist with migrations",
                        "Model the tables with foreign keys and indexes for the queries you will run; create them with "
                        + "migrations, never by hand."),
                    ("Validate input and return useful errors",
                        "Reject bad input with 400 and a field-by-field message; unknown ids are 404; no request a client "
                        + "can send may produce a 500."),
                    ("Authenticate and authorize",
                        "Hash passwords with a slow hash, issue short-lived access tokens, and check on every object that "
                        + "the caller owns it (another user's task must be a 404)."),
                    ("Test it",
                        "Integration tests against a real database for the happy path, validation and authorization of "
                        + "every endpoint; run them in CI."),
                ],
                [
                    ("API repository", DeliverableKind.Github,
                        "The repository with the API, migrations, tests and a README that starts it in one command."),
                    ("API design notes", DeliverableKind.Text,
                        "Your resource design, the error format and the two trade-offs you thought hardest about."),
                ]),
            Project(2, "A React front end",
                "Build the browser client of your API: routing, forms, data fetching and accessible UI.",
                [
                    ("Scaffold and structure",
                        "Create the app with Vite or Next.js and TypeScript; organise by feature, not by file type."),
                    ("Fetch data with loading and error states",
                        "Wrap API calls in one client module; every screen shows loading, empty and error states."),
                    ("Forms and validation",
                        "Sign-up, log-in and task forms with client-side validation that mirrors the API's, and the API's "
                        + "field errors shown next to the right field."),
                    ("Authentication in the browser",
                        "Keep the access token in memory and the refresh token in an httpOnly cookie; never in "
                        + "localStorage. Log out everywhere on refresh failure."),
                    ("Accessibility and responsive layout",
                        "Keyboard navigation, labels for every input, sufficient contrast; check with axe and on a phone-sized viewport."),
                ],
                [
                    ("Front-end repository", DeliverableKind.Github,
                        "The repository of the React app with its README and tests."),
                    ("Preview deployment", DeliverableKind.Link,
                        "A link to a deployed preview (Vercel, Netlify or similar) pointing at your API."),
                    ("Screenshots", DeliverableKind.File,
                        "A PDF or PNG with the main screens on desktop and mobile."),
                ]),
            Project(3, "Full-stack deployment",
                "Ship API and front end to the cloud with a managed database, HTTPS, CI/CD and basic monitoring.",
                [
                    ("Containerise",
                        "Write small, non-root Dockerfiles for API and front end; configuration only through environment variables."),
                    ("Provision the infrastructure",
                        "A managed PostgreSQL, the two services and a load balancer with HTTPS, described as code "
                        + "(Terraform, CDK or the platform's config file)."),
                    ("Continuous delivery",
                        "A pipeline that runs the tests on every push and deploys main automatically with zero downtime."),
                    ("Secrets and configuration",
                        "Keep secrets in the platform's secret store, never in the repository or the image."),
                    ("Observe it",
                        "Health endpoint, structured logs and one alarm (error rate or latency) that would wake you up."),
                ],
                [
                    ("Live application", DeliverableKind.Link,
                        "The public HTTPS URL of the deployed application."),
                    ("Infrastructure repository", DeliverableKind.Github,
                        "The repository with Dockerfiles, infrastructure code and the pipeline definition."),
                    ("Architecture diagram", DeliverableKind.File,
                        "A PNG or PDF diagram of the deployed system: services, database, network boundaries."),
                    ("Runbook", DeliverableKind.Text,
                        "How to deploy, roll back, rotate a secret and restore the database."),
                ]),
        ],
    };

    /// <summary>What the trainer checks per deliverable (by title), and which files a file deliverable takes.</summary>
    internal static readonly IReadOnlyDictionary<string, (string[] Rubric, string[] Accepted)> DeliverableDetails = new Dictionary<string, (string[], string[])>
    {
        ["SQL repository"] = (["One .sql file per question, each runs as is", "The schema script creates every table with proper types", "The README says how to load the data and run the queries"], []),
        ["Findings memo"] = (["Three findings a manager can act on", "The data caveats behind each finding are stated", "No jargon: readable by a non-technical manager"], []),
        ["Cleaning notebook"] = (["Executed top to bottom with outputs", "Types and dates parsed explicitly, not guessed", "Validation assertions at the end pass"], [".ipynb"]),
        ["Project repository"] = (["requirements.txt pins the versions", "The README describes each cleaning rule"], []),
        ["Cleaning decisions"] = (["Every rule is listed", "Each rule states how many rows it affected"], []),
        ["Published dashboard"] = (["The link opens without asking for a login", "Every chart answers one of the brief's questions"], []),
        ["Dashboard export"] = (["The main page is readable: axes and units labelled"], [".pdf", ".png"]),
        ["Stakeholder narrative"] = (["Five sentences or fewer", "Ends with one recommended action"], []),
        ["API repository"] = (["Starts in one command from the README", "Integration tests cover validation and authorization", "Bad input gets a 4xx, never a 500"], []),
        ["API design notes"] = (["Resources and error format are described", "Two trade-offs are argued, with the alternative you rejected"], []),
        ["Front-end repository"] = (["Loading, empty and error states on every screen", "Tests run in CI"], []),
        ["Preview deployment"] = (["The preview talks to your API", "Usable on a phone-sized screen"], []),
        ["Screenshots"] = (["Main screens on desktop and on mobile"], [".pdf", ".png"]),
        ["Live application"] = (["Served over HTTPS", "Health endpoint answers"], []),
        ["Infrastructure repository"] = (["Non-root Dockerfiles", "Infrastructure described as code", "The pipeline deploys main automatically"], []),
        ["Architecture diagram"] = (["Shows services, database and network boundaries", "Readable at normal zoom"], [".png", ".pdf"]),
        ["Runbook"] = (["Deploy, roll back, rotate a secret, restore the database: each step by step"], []),
    };

    private static Project Project(int position, string title, string summary,
        (string Title, string Instructions)[] steps,
        (string Title, DeliverableKind Kind, string Instructions)[] deliverables) => new()
    {
        Position = position,
        Title = title,
        Summary = summary,
        Steps = [.. steps.Select((s, i) => new Step { Position = i + 1, Title = s.Title, Instructions = s.Instructions })],
        Deliverables = [.. deliverables.Select((d, i) => new Deliverable
        {
            Position = i + 1, Title = d.Title, Kind = d.Kind, Instructions = d.Instructions,
            Rubric = [.. DeliverableDetails.GetValueOrDefault(d.Title).Rubric ?? []],
            AcceptedFileTypes = [.. DeliverableDetails.GetValueOrDefault(d.Title).Accepted ?? []],
        })],
    };
}
