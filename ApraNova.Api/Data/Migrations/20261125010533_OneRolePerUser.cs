using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApraNova.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneRolePerUser : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_user_roles_user_id",
                table: "user_roles",
                column: "user_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_user_roles_user_id",
                table: "user_roles");
        }
    }
}
