using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApraNova.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProcessedEventsNamePayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every writer recorded events against existing payments only, and payments are never
            // deleted; should a row say otherwise, it keeps its event id (what idempotency needs)
            // and loses the dangling reference rather than failing the deploy.
            migrationBuilder.Sql("""
                UPDATE processed_stripe_events e SET payment_id = NULL
                WHERE payment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = e.payment_id)
                """);

            migrationBuilder.CreateIndex(
                name: "ix_processed_stripe_events_payment_id",
                table: "processed_stripe_events",
                column: "payment_id");

            migrationBuilder.AddForeignKey(
                name: "fk_processed_stripe_events_payments_payment_id",
                table: "processed_stripe_events",
                column: "payment_id",
                principalTable: "payments",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_processed_stripe_events_payments_payment_id",
                table: "processed_stripe_events");

            migrationBuilder.DropIndex(
                name: "ix_processed_stripe_events_payment_id",
                table: "processed_stripe_events");
        }
    }
}
