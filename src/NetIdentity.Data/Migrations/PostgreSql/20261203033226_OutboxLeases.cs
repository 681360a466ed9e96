using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.PostgreSql
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

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dead_lettered_at",
                table: "event_outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "failing_since",
                table: "event_outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_expires_at",
                table: "event_outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lease_owner",
                table: "event_outbox",
                type: "character varying(100)",
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
