package org.sharpeye.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sharpeye.registry.store.AuditAction;
import org.sharpeye.registry.store.DocumentKind;
import org.sharpeye.registry.store.DocumentWrite;
import org.sharpeye.registry.store.RegistryStore;
import org.sharpeye.registry.store.StoredDocument;

/** Camera credentials at rest: sealed with the {@link SecretBox} under the camera's id, opened only for ingest. */
final class CredentialVault {
    private final Registry registry;
    private final RegistryStore store;
    private final SecretBox secrets;

    CredentialVault(Registry registry, RegistryStore store, SecretBox secrets) {
        this.registry = registry;
        this.store = store;
        this.secrets = secrets;
    }

    String seal(Credentials credentials, String cameraId) {
        return secrets.seal(RegistryJson.write(credentials), cameraId);
    }

    String seal(String plaintext, String owner) {
        return secrets.seal(plaintext, owner);
    }

    String open(String sealed, String owner) {
        return secrets.open(sealed, owner);
    }

    Optional<Credentials> credentials(String cameraId) {
        return store.load(DocumentKind.SECRET, cameraId)
                .map(d -> RegistryJson.read(secrets.open(d.json(), cameraId), Credentials.class));
    }

    /** Whether {@code sealed} was sealed with a key other than the active one, so is due a reseal. */
    boolean sealedWithOldKey(String sealed) {
        return !SecretBox.keyIdOf(sealed).equals(secrets.activeKeyId());
    }

    /** Re-seals what an older key sealed, in one commit; the caller holds the registry's write lock. */
    int reseal(Actor actor) {
        List<DocumentWrite> writes = new ArrayList<>();
        for (StoredDocument d : store.loadAll(DocumentKind.SECRET)) {
            if (sealedWithOldKey(d.json())) {
                writes.add(DocumentWrite.put(DocumentKind.SECRET, d.id(), d.version(),
                        secrets.seal(secrets.open(d.json(), d.id()), d.id())));
            }
        }
        if (!writes.isEmpty()) {
            registry.commit(writes, List.of(registry.audit(actor, AuditAction.UPDATE, "secrets", "*", null,
                    "{\"resealed\":" + writes.size() + ",\"key\":\"" + secrets.activeKeyId() + "\"}")));
        }
        return writes.size();
    }
}
