using ApraNova.Api.Data;
using ApraNova.Api.Features.Account;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Certificates;
using ApraNova.Api.Features.Dashboard;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Overview;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Trainers;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiInfrastructure();

// The features. Each lives in Features/<Name>/ (namespace ApraNova.Api.Features.<Name>), serves
// /api/<name> (staff endpoints /api/admin/<name>, development-only ones /api/dev/<name>) and is
// wired by its <Name>Feature.cs: Add<Name> registers its services, Map<Name>Api its endpoints.
builder.AddAuth();
builder.AddUsers();
builder.AddAudit();
builder.AddMail();
builder.AddNotifications();
builder.AddTracks();
builder.AddEnrollments();
builder.AddLearning();
builder.AddSubmissions();
builder.AddTrainers();
builder.AddDashboard();
builder.AddFiles();
builder.AddPayments();
builder.AddSupport();
builder.AddOverview();
builder.AddReceipts();
builder.AddAccount();
builder.AddCertificates();

var app = builder.Build();

// Start-up work, before the first request. Every api task runs it, so each step is safe to run
// concurrently (advisory locks for migrations and seeding, a unique index for the superadmin).
await app.MigrateDatabaseAsync();
await app.BootstrapSuperAdminAsync();
await app.SeedTracksAsync();

app.UseApiInfrastructure();
app.MapApiInfrastructure();

app.MapAuthApi();
app.MapUsersApi();
app.MapAuditApi();
app.MapMailApi();
app.MapNotificationsApi();
app.MapTracksApi();
app.MapEnrollmentsApi();
app.MapLearningApi();
app.MapSubmissionsApi();
app.MapTrainersApi();
app.MapDashboardApi();
app.MapFilesApi();
app.MapPaymentsApi();
app.MapSupportApi();
app.MapOverviewApi();
app.MapReceiptsApi();
app.MapAccountApi();
app.MapCertificatesApi();

app.Run();
