using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ConsentAndDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "code_issued_at",
                table: "consumed_biz_seqs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "consent_ledger",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    person_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    items = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    purpose_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    legal_basis = table.Column<string>(type: "text", nullable: true),
                    retention = table.Column<string>(type: "text", nullable: true),
                    guardian_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    decision = table.Column<int>(type: "integer", nullable: false),
                    withdraws = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true),
                    receipt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_ledger", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "event_outbox",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    endpoint = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identity_deliveries",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    biz_seq = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    envelope = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_deliveries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_consent_ledger_guardian_time",
                table: "consent_ledger",
                columns: new[] { "guardian_key", "time" },
                filter: "guardian_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_consent_ledger_person_client_time",
                table: "consent_ledger",
                columns: new[] { "person_key", "client_id", "time" });

            migrationBuilder.CreateIndex(
                name: "ix_consent_ledger_person_time",
                table: "consent_ledger",
                columns: new[] { "person_key", "time" });

            migrationBuilder.CreateIndex(
                name: "ix_event_outbox_due",
                table: "event_outbox",
                columns: new[] { "delivered_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_identity_deliveries_expires_at",
                table: "identity_deliveries",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_ledger");

            migrationBuilder.DropTable(
                name: "event_outbox");

            migrationBuilder.DropTable(
                name: "identity_deliveries");

            migrationBuilder.DropColumn(
                name: "code_issued_at",
                table: "consumed_biz_seqs");
        }
    }
}
