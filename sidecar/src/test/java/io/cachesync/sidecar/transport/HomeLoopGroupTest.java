package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback, placed by a group of two loops. */
class HomeLoopGroupTest {
  private HomeLoopGroup group;
  private Channel server;
  private final List<Channel> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listen() throws InterruptedException {
    group =
        new HomeLoopGroup(2, new DefaultThreadFactory("test-io", true), NioIoHandler.newFactory());
    server =
        new ServerBootstrap()
            .group(group, group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.add(ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  @DisplayName("the sidecar's own connections and its listener live on the home loop")
  void ownConnectionsAtHome() throws InterruptedException {
    assertThat(server.eventLoop()).isSameAs(group.home());
    for (int i = 0; i < 3; i++) assertThat(connect().eventLoop()).isSameAs(group.home());
  }

  @Test
  @DisplayName(
      "an application's connections go to the loop with the fewest open, the home loop first among equals")
  void applicationsSpread() throws InterruptedException {
    EventLoop first = acceptOne();
    EventLoop second = acceptOne();
    EventLoop third = acceptOne();
    assertThat(first).isSameAs(group.home());
    assertThat(second).isNotSameAs(group.home());
    assertThat(third).isSameAs(group.home());

    // the second closes: its loop is the emptiest again
    Channel secondChannel = accepted.get(1);
    secondChannel.close().sync();
    assertThat(acceptOne()).isSameAs(second);
  }

  @Test
  @DisplayName("a closed application connection frees its place on the home loop")
  void closingFreesHome() throws InterruptedException {
    assertThat(acceptOne()).isSameAs(group.home());
    accepted.get(0).close().sync();
    assertThat(acceptOne()).isSameAs(group.home());
  }

  private Channel connect() throws InterruptedException {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(server.localAddress())
        .sync()
        .channel();
  }

  /** Connects once more and returns the loop the server placed the accepted end on. */
  private EventLoop acceptOne() throws InterruptedException {
    int before = accepted.size();
    connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> accepted.size() > before);
    return accepted.get(before).eventLoop();
  }
}
