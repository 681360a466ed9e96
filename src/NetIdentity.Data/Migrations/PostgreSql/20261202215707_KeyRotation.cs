using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KeyRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_key_material_active_use",
                table: "key_material");

            // A retired key is now one whose successor has activated: the column has no successor.
            migrationBuilder.DropColumn(
                name: "retired_at",
                table: "key_material");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "compromised_at",
                table: "key_material",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "protected_material",
                table: "key_material",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "activates_at",
                table: "key_material",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "archived_at",
                table: "key_material",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "generation",
                table: "key_material",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "public_jwk",
                table: "key_material",
                type: "text",
                nullable: true);

            // Keys made before rotation existed: each signed from its creation, and the generations
            // follow the order they were made in (one per use until now, older ones retired).
            migrationBuilder.Sql("UPDATE key_material SET activates_at = created_at;");
            migrationBuilder.Sql(
                "UPDATE key_material SET generation = (SELECT COUNT(*) FROM key_material AS earlier " +
                "WHERE earlier.\"use\" = key_material.\"use\" AND earlier.created_at <= key_material.created_at);");

            migrationBuilder.CreateIndex(
                name: "ux_key_material_use_generation",
                table: "key_material",
                columns: new[] { "use", "generation" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_key_material_use_generation",
                table: "key_material");

            migrationBuilder.DropColumn(
                name: "activates_at",
                table: "key_material");

            migrationBuilder.DropColumn(
                name: "archived_at",
                table: "key_material");

            migrationBuilder.DropColumn(
                name: "generation",
                table: "key_material");

            migrationBuilder.DropColumn(
                name: "public_jwk",
                table: "key_material");

            migrationBuilder.DropColumn(
                name: "compromised_at",
                table: "key_material");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retired_at",
                table: "key_material",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "protected_material",
                table: "key_material",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_key_material_active_use",
                table: "key_material",
                column: "use",
                unique: true,
                filter: "retired_at IS NULL");
        }
    }
}
