using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "shared_counters",
                columns: table => new
                {
                    counter_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hits = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shared_counters", x => x.counter_key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_shared_counters_expires_at",
                table: "shared_counters",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "shared_counters");
        }
    }
}
