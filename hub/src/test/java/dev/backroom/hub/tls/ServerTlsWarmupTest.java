package dev.backroom.hub.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up names Netty's class by string: a Netty that renames it would make it a no-op. */
class ServerTlsWarmupTest {
  @Test
  void theClassItInitialisesIsNettysJdkServerContext() throws Exception {
    Class<?> c = Class.forName(ServerTlsWarmup.NETTY_SERVER_CONTEXT, false,
        getClass().getClassLoader());
    assertEquals(io.netty.handler.ssl.SslContext.class, c.getSuperclass().getSuperclass());
  }
}
