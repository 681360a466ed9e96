using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetIdentity.Data.Migrations.Sqlite
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

            migrationBuilder.AddColumn<long>(
                name: "compromised_at",
                table: "key_material",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "protected_material",
                table: "key_material",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<long>(
                name: "activates_at",
                table: "key_material",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "archived_at",
                table: "key_material",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "generation",
                table: "key_material",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "public_jwk",
                table: "key_material",
                type: "TEXT",
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

            migrationBuilder.AddColumn<long>(
                name: "retired_at",
                table: "key_material",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "protected_material",
                table: "key_material",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
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
