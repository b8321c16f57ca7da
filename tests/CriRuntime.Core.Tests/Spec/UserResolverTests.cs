using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Core.Tests.Spec;

public sealed class UserResolverTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/false\n# comment\napp:x:1000:1001::/home/app:/bin/sh\n";
    private const string Group = "root:x:0:\nwww-data:x:33:\nusers:x:100:app,www-data\napp:x:1001:\naudio:x:29:app\n";

    [Fact]
    public void Nothing_given_is_root()
    {
        var user = UserResolver.Resolve(new UserRequest(), Passwd, Group);
        Assert.Equal((0u, 0u), (user.Uid, user.Gid));
    }

    [Fact]
    public void An_image_user_name_resolves_through_passwd_and_group_membership()
    {
        var user = UserResolver.Resolve(new UserRequest { ImageUser = "app" }, Passwd, Group);
        Assert.Equal((1000u, 1001u), (user.Uid, user.Gid));
        Assert.Equal([1001u, 100u, 29u], user.AdditionalGids);
    }

    [Fact]
    public void The_primary_group_is_among_the_supplementary_groups()
    {
        var root = UserResolver.Resolve(new UserRequest(), Passwd, Group);
        var numeric = UserResolver.Resolve(new UserRequest { RunAsUser = 4000, RunAsGroup = 4000 }, Passwd, Group);

        Assert.Equal([0u], root.AdditionalGids);
        Assert.Equal([4000u], numeric.AdditionalGids);
    }

    [Fact]
    public void Merge_adds_the_images_memberships_and_Strict_only_the_requested_groups()
    {
        var request = new UserRequest { RunAsUser = 1000, SupplementalGroups = [1234, 100] };

        var merged = UserResolver.Resolve(request, Passwd, Group);
        var strict = UserResolver.Resolve(request with { SupplementalGroupsPolicy = SupplementalGroupsPolicy.Strict }, Passwd, Group);

        Assert.Equal((1000u, 1001u), Pair(merged));
        Assert.Equal([1001u, 100u, 29u, 1234u], merged.AdditionalGids);
        Assert.Equal((1000u, 1001u), Pair(strict));
        Assert.Equal([1001u, 1234u, 100u], strict.AdditionalGids);
    }

    [Fact]
    public void Uid_and_gid_pairs_and_named_groups_work()
    {
        Assert.Equal((5u, 6u), Pair(UserResolver.Resolve(new UserRequest { ImageUser = "5:6" }, Passwd, Group)));
        Assert.Equal((33u, 100u), Pair(UserResolver.Resolve(new UserRequest { ImageUser = "www-data:users" }, Passwd, Group)));
        Assert.Equal((4242u, 0u), Pair(UserResolver.Resolve(new UserRequest { ImageUser = "4242" }, Passwd, Group)));
    }

    [Fact]
    public void The_security_context_wins_over_the_image()
    {
        var user = UserResolver.Resolve(new UserRequest { RunAsUser = 33, RunAsGroup = 7, SupplementalGroups = [9], ImageUser = "app" }, Passwd, Group);
        Assert.Equal((33u, 7u), Pair(user));
        Assert.Contains(9u, user.AdditionalGids);
        Assert.Contains(100u, user.AdditionalGids);

        var byName = UserResolver.Resolve(new UserRequest { RunAsUsername = "www-data" }, Passwd, Group);
        Assert.Equal((33u, 33u), Pair(byName));
    }

    [Fact]
    public void A_group_without_a_user_is_an_invalid_argument()
    {
        var error = Assert.Throws<CriException>(() => UserResolver.Resolve(new UserRequest { RunAsGroup = 7, ImageUser = "app" }, Passwd, Group));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Unknown_names_are_invalid_arguments()
    {
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<CriException>(() => UserResolver.Resolve(new UserRequest { ImageUser = "ghost" }, Passwd, Group)).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<CriException>(() => UserResolver.Resolve(new UserRequest { ImageUser = "app:ghosts" }, Passwd, Group)).Kind);
        Assert.Throws<CriException>(() => UserResolver.Resolve(new UserRequest { ImageUser = "app" }, null, null));
    }

    private static (uint, uint) Pair(ProcessUser user) => (user.Uid, user.Gid);
}
