package io.castellan.server.enterprise;

import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.ApiRegistry.Access;

/** Registers the "Enterprise (administrators)" commands of docs/api.md, plus {@code enterprise_user_enable}. */
public final class EnterpriseApi {

    private EnterpriseApi() {
    }

    public static void register(ApiRegistry registry, EnterpriseContext ctx) {
        EnterpriseUsers users = new EnterpriseUsers(ctx);
        EnterpriseTeams teams = new EnterpriseTeams(ctx);
        EnterpriseTeamKeys teamKeys = new EnterpriseTeamKeys(ctx);
        EnterpriseRoles roles = new EnterpriseRoles(ctx);
        registry.register("enterprise_user_add", Access.ADMIN, users::add);
        registry.register("enterprise_user_disable", Access.ADMIN, users::disable);
        registry.register("enterprise_user_enable", Access.ADMIN, users::enable);
        registry.register("enterprise_user_list", Access.ADMIN, users::list);
        registry.register("enterprise_team_add", Access.ADMIN, teams::add);
        registry.register("enterprise_team_member", Access.ADMIN, teams::member);
        registry.register("enterprise_team_edit", Access.ADMIN, teams::edit);
        registry.register("enterprise_team_remove", Access.ADMIN, teams::remove);
        registry.register("enterprise_team_list", Access.ADMIN, teamKeys::list);
        registry.register("enterprise_team_keys", Access.ADMIN, teamKeys::setKeys);
        registry.register("enterprise_team_member_key", Access.ADMIN, teamKeys::memberKey);
        registry.register("enterprise_role_add", Access.ADMIN, roles::add);
        registry.register("enterprise_role_enforcement", Access.ADMIN, roles::enforcement);
        registry.register("enterprise_role_member", Access.ADMIN, roles::member);
        registry.register("enterprise_role_list", Access.ADMIN, roles::list);
    }
}
