package dev.backroom.cloud.ecs;

import dev.backroom.ecs.keys.AccessKeyRoles;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Every ECS operation the cloud serves behind one gate, as on the hub: reads need a viewer's
 * key, writes an operator's.
 */
@ApplicationScoped
public class EcsOperations {
  @Inject @Any Instance<EcsOperationSet> sets;
  private EcsDispatcher<EcsCaller> dispatcher;

  @PostConstruct
  void build() {
    EcsDispatcher.Builder<EcsCaller> builder = EcsDispatcher.<EcsCaller>builder().gate(
        (operation, access, caller) -> {
          String needed = access == EcsDispatcher.Access.WRITE ? AccessKeyRoles.OPERATOR
              : AccessKeyRoles.VIEWER;
          if (!AccessKeyRoles.granted(caller.role()).contains(needed)) {
            throw EcsError.accessDenied("User: " + caller.owner() + " is not authorized to"
                + " perform: ecs:" + operation + " (the access key " + caller.accessKeyId()
                + " holds the role " + caller.role() + "; " + operation + " needs " + needed
                + ")");
          }
        });
    for (EcsOperationSet set : sets) {
      set.register(builder);
    }
    dispatcher = builder.build();
  }

  public EcsDispatcher<EcsCaller> dispatcher() {
    return dispatcher;
  }
}
