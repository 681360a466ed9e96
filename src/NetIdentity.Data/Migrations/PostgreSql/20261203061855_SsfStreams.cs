using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SsfStreams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "stream_id",
                table: "event_outbox",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ssf_streams",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    delivery = table.Column<int>(type: "integer", nullable: false),
                    endpoint_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    authorization_header = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    events_requested = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    description = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    status_reason = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_verification_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ssf_streams", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_outbox_stream",
                table: "event_outbox",
                columns: new[] { "stream_id", "delivered_at" });

            migrationBuilder.CreateIndex(
                name: "ux_ssf_streams_client_id",
                table: "ssf_streams",
                column: "client_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ssf_streams");

            migrationBuilder.DropIndex(
                name: "ix_event_outbox_stream",
                table: "event_outbox");

            migrationBuilder.DropColumn(
                name: "stream_id",
                table: "event_outbox");
        }
    }
}
