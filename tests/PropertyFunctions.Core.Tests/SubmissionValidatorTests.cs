using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class SubmissionValidatorTests
{
    private static TicketSubmission Valid() => new()
    {
        Community = "sunshine-garden",
        Kind = "repair",
        Building = "3",
        Unit = "2",
        Room = "501",
        Name = "王女士",
        Phone = "138 0013 8000",
        Description = "  卫生间漏水  ",
    };

    [Fact]
    public void A_valid_submission_is_normalized()
    {
        var (valid, errors) = SubmissionValidator.Validate(Valid(), Language.Chinese);
        Assert.Empty(errors);
        Assert.NotNull(valid);
        Assert.Equal("+8613800138000", valid.Phone);
        Assert.Equal("卫生间漏水", valid.Description);
        Assert.Equal(RepairScopes.Public, valid.Scope);
        Assert.Equal(Language.Chinese, valid.Language);
    }

    [Fact]
    public void An_empty_submission_names_every_required_field()
    {
        var (_, errors) = SubmissionValidator.Validate(new TicketSubmission(), Language.English);
        Assert.Equal(["building", "community", "description", "kind", "name", "phone", "room"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Equal("is required", e.Message(Language.English)));
    }

    [Fact]
    public void Messages_are_in_the_callers_language()
    {
        var (_, errors) = SubmissionValidator.Validate(Valid() with { Phone = "12345" }, Language.Chinese);
        var error = Assert.Single(errors);
        Assert.Equal("phone", error.Field);
        Assert.Contains("手机号", error.Message(Language.Chinese));
        Assert.Contains("mobile number", error.Message(Language.English));
    }

    [Fact]
    public void Description_is_capped_at_2000_characters()
    {
        Assert.Empty(SubmissionValidator.Validate(Valid() with { Description = new string('漏', 2000) }, Language.Chinese).Errors);
        var error = Assert.Single(SubmissionValidator.Validate(Valid() with { Description = new string('漏', 2001) }, Language.Chinese).Errors);
        Assert.Equal(("description", "too_long"), (error.Field, error.Code));
    }

    [Theory]
    [InlineData("Sunshine Garden")]
    [InlineData("-garden")]
    [InlineData("garden/1")]
    public void Community_must_be_a_slug(string community) =>
        Assert.Equal("community", Assert.Single(SubmissionValidator.Validate(Valid() with { Community = community }, Language.Chinese).Errors).Field);

    [Fact]
    public void Kind_and_scope_must_be_known() =>
        Assert.Equal(["kind", "scope"], SubmissionValidator.Validate(Valid() with { Kind = "praise", Scope = "garden" }, Language.Chinese)
            .Errors.Select(e => e.Field).Order());

    [Fact]
    public void Mediation_needs_the_other_party()
    {
        var missing = SubmissionValidator.Validate(Valid() with { Kind = "mediation" }, Language.Chinese);
        Assert.Equal("otherParty", Assert.Single(missing.Errors).Field);

        var partial = SubmissionValidator.Validate(Valid() with { Kind = "mediation", OtherParty = new UnitSubmission { Building = "3" } }, Language.Chinese);
        Assert.Equal("otherParty.room", Assert.Single(partial.Errors).Field);

        var (valid, errors) = SubmissionValidator.Validate(
            Valid() with { Kind = "mediation", OtherParty = new UnitSubmission { Building = "3", Unit = "2", Room = "601" } }, Language.Chinese);
        Assert.Empty(errors);
        Assert.Equal(new UnitAddress("3", "2", "601"), valid!.OtherParty);
    }

    [Fact]
    public void Control_characters_are_refused_but_newlines_in_the_description_are_kept()
    {
        Assert.Empty(SubmissionValidator.Validate(Valid() with { Description = "第一行\n第二行" }, Language.Chinese).Errors);
        Assert.Equal("name", Assert.Single(SubmissionValidator.Validate(Valid() with { Name = "王\u0007" }, Language.Chinese).Errors).Field);
    }

    [Fact]
    public void Every_message_code_has_both_languages()
    {
        foreach (var code in new[] { "required", "too_long", "wrong_type", "one_of", "community_format", "phone_invalid", "other_party_required", "control_chars" })
        {
            Assert.True(Messages.Has(code), code);
        }
    }
}
