package io.castellan.server.sm;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.audit.Audit;
import io.castellan.store.AppGrantRepository;
import io.castellan.store.AppRole;
import io.castellan.store.ApplicationRepository;
import io.castellan.store.DeviceRepository;
import io.castellan.store.FolderMemberRepository;
import io.castellan.store.FolderRepository;
import io.castellan.store.Store;
import io.castellan.store.UserRepository;
import io.castellan.store.VaultViewRepository;
import io.castellan.store.VisibleApplication;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the application commands share: the store's repositories, the audit, the clock and the access checks. */
final class SmContext {

    final Store store;
    final Audit audit;
    final Clock clock;
    final ApplicationRepository apps;
    final AppGrantRepository grants;
    final DeviceRepository devices;
    final UserRepository users;
    final FolderRepository folders;
    final FolderMemberRepository folderMembers;
    final VaultViewRepository vaultViews;

    SmContext(Store store, Audit audit, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.apps = new ApplicationRepository(store.transactions(), clock);
        this.grants = new AppGrantRepository(store.transactions(), clock);
        this.devices = new DeviceRepository(store.transactions(), clock);
        this.users = new UserRepository(store.transactions(), clock);
        this.folders = new FolderRepository(store.transactions(), clock);
        this.folderMembers = new FolderMemberRepository(store.transactions(), clock);
        this.vaultViews = new VaultViewRepository(store.transactions());
    }

    /** The application if the caller owns it or is a member; otherwise {@code 404 not_found}. */
    VisibleApplication visible(Caller caller, String appUid) {
        return apps.visible(appUid, caller.userUid())
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such application"));
    }

    /** The application if the caller owns it or is one of its admins; a viewer gets {@code 403}, others 404. */
    VisibleApplication managed(Caller caller, String appUid) {
        VisibleApplication app = visible(caller, appUid);
        if (!manages(app)) {
            throw new CastellanException(ErrorCode.FORBIDDEN,
                    "only the application's owner and its admins may change it; you are a viewer");
        }
        return app;
    }

    static boolean manages(VisibleApplication app) {
        return app.owner() || app.membership().orElseThrow().role() == AppRole.ADMIN;
    }

    /** Writes an audit event of a change, inside the change's transaction (fail closed). */
    void audited(String type, ApiCall call, List<String> subjects, Map<String, String> details) {
        audit.record(type, call.requireCaller().userUid(), call.sourceIp(), subjects, Audit.SUCCESS, details);
    }
}
