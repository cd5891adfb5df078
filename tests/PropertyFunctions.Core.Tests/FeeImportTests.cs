using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Imports;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Tests;

public class FeeImportTests
{
    private static IReadOnlyList<ImportRow> Csv(string text) => ImportReader.Read(System.Text.Encoding.UTF8.GetBytes(text), isCsv: true);

    private const string Header = "community,building,unit,room,feeType,period,amount,dueDate,paidAmount\n";

    [Fact]
    public void Good_rows_become_ledger_entries_with_exact_amounts()
    {
        var result = FeeImport.Validate(Csv(Header + "sunshine-garden,3,2,501,property,2026-11,260.5,2026-11-30,\nsunshine-garden,3,,502,PARKING,2026q4,0.10,2026-12-31,0.1\n"));
        Assert.True(result.Ok);
        Assert.Equal(260.50m, result.Accepted[0].Amount);
        Assert.Equal(0m, result.Accepted[0].Paid);
        Assert.Equal("3|2|501|property|2026-11", result.Accepted[0].RowKey);
        Assert.Equal(("parking", "2026Q4", "3||502"), (result.Accepted[1].FeeType, result.Accepted[1].Period, result.Accepted[1].UnitKey));
        Assert.True(result.Accepted[1].IsPaid);
        Assert.Equal(26050L, Money.ToFen(260.5m));
        Assert.Equal(0.1m, Money.FromFen(10));
    }

    [Theory]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,260.555,2026-11-30,", "amount", "amount_format")]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,1e3,2026-11-30,", "amount", "amount_format")]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,\"1,260\",2026-11-30,", "amount", "amount_format")]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,-5,2026-11-30,", "amount", "amount_format")]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,0,2026-11-30,", "amount", "amount_positive")]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,100,2026-11-30,100.01", "paidAmount", "paid_exceeds_amount")]
    [InlineData("sunshine-garden,3,2,501,water,2026-11,100,2026-11-30,", "feeType", "one_of")]
    [InlineData("sunshine-garden,3,2,501,property,2026-13,100,2026-11-30,", "period", "period_format")]
    [InlineData("sunshine-garden,3,2,501,property,Nov 2026,100,2026-11-30,", "period", "period_format")]
    [InlineData("sunshine-garden,3,2,501,property,2026-11,100,30/11/2026,", "dueDate", "date_format")]
    [InlineData("sunshine-garden,3|4,2,501,property,2026-11,100,2026-11-30,", "building", "unit_chars")]
    [InlineData("sunshine-garden,3,2,50#1,property,2026-11,100,2026-11-30,", "room", "unit_chars")]
    [InlineData("Sunshine Garden,3,2,501,property,2026-11,100,2026-11-30,", "community", "community_format")]
    public void Bad_rows_name_the_field(string row, string field, string code)
    {
        var result = FeeImport.Validate(Csv(Header + row + "\n"));
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(1, rejected.Row);
        Assert.Contains(rejected.Errors, e => e.Field == field && e.Code == code);
    }

    [Fact]
    public void The_same_fee_twice_in_one_import_is_refused()
    {
        var result = FeeImport.Validate(Csv(Header + "sunshine-garden,3,2,501,property,2026Q4,1,2026-11-30,\nsunshine-garden,3,2,501,property,2026q4,2,2026-11-30,\n"));
        Assert.Equal(2, Assert.Single(result.Rejected).Row);
    }

    [Fact]
    public void Owner_rows_default_language_and_relation_and_normalise_phones()
    {
        var rows = Csv("community,building,unit,room,name,phone,language,relation\nsunshine-garden,3,2,501,王女士,138 0013 8000,,\nsunshine-garden,3,2,501,Mr Li,+1 555 123 4567,en,Tenant\n");
        var result = OwnerImport.Validate(rows);
        Assert.True(result.Ok);
        Assert.Equal(("+8613800138000", "zh-CN", "owner"), (result.Accepted[0].Phone, result.Accepted[0].Language, result.Accepted[0].Relation));
        Assert.Equal(("+15551234567", "en", "tenant"), (result.Accepted[1].Phone, result.Accepted[1].Language, result.Accepted[1].Relation));
    }

    [Fact]
    public void Bad_owner_rows_are_refused_with_reasons()
    {
        var rows = Csv("community,building,unit,room,name,phone,language,relation\nsunshine-garden,3|1,2,501,王,123,fr,landlord\nsunshine-garden,3,2,501,王,13800138000,,\nsunshine-garden,3,2,501,王,+86 138 0013 8000,,\n");
        var result = OwnerImport.Validate(rows);
        Assert.Equal([1, 3], result.Rejected.Select(r => r.Row));
        Assert.Equal(["building", "phone", "language", "relation"], result.Rejected[0].Errors.Select(e => e.Field));
        Assert.Equal("duplicate_row", Assert.Single(result.Rejected[1].Errors).Code);
    }
}
