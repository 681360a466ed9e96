using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_event_outbox_due",
                table: "event_outbox");

            migrationBuilder.AddColumn<long>(
                name: "dead_lettered_at",
                table: "event_outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "failing_since",
                table: "event_outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "lease_expires_at",
                table: "event_outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lease_owner",
                table: "event_outbox",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_outbox_due",
                table: "event_outbox",
                columns: new[] { "delivered_at", "dead_lettered_at", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_event_outbox_due",
                table: "event_outbox");

            migrationBuilder.DropColumn(
                name: "dead_lettered_at",
                table: "event_outbox");

            migrationBuilder.DropColumn(
                name: "failing_since",
                table: "event_outbox");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "event_outbox");

            migrationBuilder.DropColumn(
                name: "lease_owner",
                table: "event_outbox");

            migrationBuilder.CreateIndex(
                name: "ix_event_outbox_due",
                table: "event_outbox",
                columns: new[] { "delivered_at", "next_attempt_at" });
        }
    }
}
