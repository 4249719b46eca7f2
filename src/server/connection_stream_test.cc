#include "server/connection_stream.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "server/keep_alive_server.h"
#include "server/loopback_test_address.h"

namespace acctseg::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::Loopback;

// A TCP connection over loopback: `server` is the accepted end (what a
// ConnectionStream wraps), `client` the peer.
struct Connection {
  int server = -1, client = -1;
  int client_port = 0;
  ~Connection() {
    if (server >= 0) close(server);
    if (client >= 0) close(client);
  }
};

// A raw client connected to 127.0.0.1:port, or -1.
int ConnectTo(int port) {
  int client = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(port);
  if (connect(client, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(client);
    return -1;
  }
  return client;
}

// The port a socket is bound to.
int PortOf(int socket) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  return ntohs(address.sin_port);
}

void Connect(Connection& c) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address = Loopback(0);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  c.client = ConnectTo(PortOf(listener));
  c.server = accept(listener, nullptr, nullptr);
  close(listener);
  ASSERT_GE(c.client, 0);
  ASSERT_GE(c.server, 0);
  c.client_port = PortOf(c.client);
}

// A blocking read on `socket` gives up after 10 s without a byte (a test
// that would otherwise hang fails instead).
void GiveUpAfterTenSeconds(int socket) {
  timeval limit{10, 0};
  setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
}

// What the peer can read now, without waiting.
std::string ReadyBytes(int socket) {
  std::string got;
  char buffer[65536];
  ssize_t n;
  while ((n = recv(socket, buffer, sizeof(buffer), MSG_DONTWAIT)) > 0) got.append(buffer, n);
  return got;
}

// Reads exactly `size` bytes (the socket's timeout ends a wait for more).
std::string ReadExactly(int socket, size_t size) {
  GiveUpAfterTenSeconds(socket);
  std::string got(size, '\0');
  size_t have = 0;
  while (have < size) {
    ssize_t n = recv(socket, got.data() + have, size - have, 0);
    if (n <= 0) break;
    have += static_cast<size_t>(n);
  }
  got.resize(have);
  return got;
}

// Reads until what arrived contains `end` (or 10 s pass without a byte).
std::string ReadUntil(int socket, const std::string& end) {
  GiveUpAfterTenSeconds(socket);
  std::string got;
  char byte;
  while (got.find(end) == std::string::npos && recv(socket, &byte, 1, 0) == 1) got += byte;
  return got;
}

// Everything until the server closes the connection (or 10 s of silence).
std::string ReadToClose(int socket) {
  GiveUpAfterTenSeconds(socket);
  std::string got;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(socket, buffer, sizeof(buffer), 0)) > 0) got.append(buffer, n);
  return got;
}

std::string Post(const std::string& path, const std::string& body, bool expect = false) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + (expect ? "Expect: 100-continue\r\n" : "") + "\r\n";
}

// A KeepAliveServer on a free loopback port, echoing POST /echo and
// refusing POST /refuse before its body is read (as the request guard does).
class EchoServer {
 public:
  EchoServer() {
    http_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    http_.Post("/refuse", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("read the body", "text/plain");
    });
    http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      if (req.path != "/refuse") return httplib::Server::HandlerResponse::Unhandled;
      res.status = 401;
      res.set_content("refused", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    });
    http_.set_keep_alive_max_count(3);
    http_.set_payload_max_length(1000);
    port_ = http_.bind_to_any_port("127.0.0.1");
    // Bound is listening: connections wait in the backlog until it serves.
    if (port_ > 0) serving_ = std::thread([this] { http_.listen_after_bind(); });
  }
  ~EchoServer() {
    http_.stop();
    if (serving_.joinable()) serving_.join();
  }
  int port() const { return port_; }

 private:
  KeepAliveServer http_;
  int port_ = -1;
  std::thread serving_;
};

void Send(int socket, const std::string& bytes) {
  ASSERT_EQ(send(socket, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
}

TEST(ConnectionStream, HeadersAndBodyLeaveTogetherOnFlush) {
  Connection c;
  ASSERT_NO_FATAL_FAILURE(Connect(c));
  ConnectionStream stream(c.server, seconds(5), seconds(5));
  std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(stream.write(head.data(), head.size()), static_cast<ssize_t>(head.size()));
  EXPECT_EQ(stream.write("hello", 5), 5);
  std::this_thread::sleep_for(milliseconds(20));
  EXPECT_EQ(ReadyBytes(c.client), "");  // nothing sent yet: httplib's stream sent twice
  ASSERT_TRUE(stream.Flush());
  EXPECT_EQ(ReadExactly(c.client, head.size() + 5), head + "hello");
}

TEST(ConnectionStream, LargeWritesArriveWholeAndInOrder) {
  Connection c;
  ASSERT_NO_FATAL_FAILURE(Connect(c));
  ConnectionStream stream(c.server, seconds(5), seconds(5));
  std::string head = "head:";
  std::string body(300 * 1024, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  std::string received;
  std::thread reader([&] { received = ReadExactly(c.client, head.size() + body.size() + 4); });
  ASSERT_EQ(stream.write(head.data(), head.size()), static_cast<ssize_t>(head.size()));
  ASSERT_EQ(stream.write(body.data(), body.size()), static_cast<ssize_t>(body.size()));
  ASSERT_EQ(stream.write("tail", 4), 4);
  ASSERT_TRUE(stream.Flush());
  reader.join();
  EXPECT_TRUE(received == head + body + "tail");
}

TEST(ConnectionStream, AReadThatMustWaitSendsWhatIsWrittenFirst) {
  // A client that sent "Expect: 100-continue" waits for the interim answer
  // before it sends the body.
  Connection c;
  ASSERT_NO_FATAL_FAILURE(Connect(c));
  ConnectionStream stream(c.server, seconds(10), seconds(5));
  std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
  std::string seen_by_client;
  std::thread client([&] {
    timeval limit{3, 0};
    setsockopt(c.client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    char buffer[256];
    ssize_t n = recv(c.client, buffer, sizeof(buffer), 0);
    if (n > 0) seen_by_client.assign(buffer, n);
    send(c.client, "body", 4, MSG_NOSIGNAL);
  });
  ASSERT_EQ(stream.write(interim.data(), interim.size()), static_cast<ssize_t>(interim.size()));
  char body[4];
  ASSERT_EQ(stream.read(body, 4), 4);
  client.join();
  EXPECT_EQ(std::string(body, 4), "body");
  EXPECT_EQ(seen_by_client, interim);
}

TEST(ConnectionStream, PipelinedRequestsStayBuffered) {
  Connection c;
  ASSERT_NO_FATAL_FAILURE(Connect(c));
  ConnectionStream stream(c.server, seconds(5), seconds(5));
  ASSERT_NO_FATAL_FAILURE(Send(c.client, "firstsecond"));
  ASSERT_TRUE(stream.AwaitRequest(seconds(5), nullptr));
  char first[5];
  ASSERT_EQ(stream.read(first, 5), 5);
  EXPECT_EQ(std::string(first, 5), "first");
  EXPECT_TRUE(stream.AwaitRequest(milliseconds(0), nullptr));  // already here
  char second[16];
  ASSERT_EQ(stream.read(second, sizeof(second)), 6);
  EXPECT_EQ(std::string(second, 6), "second");
}

TEST(ConnectionStream, AwaitRequestEndsOnTimeoutCloseOrStop) {
  Connection c;
  ASSERT_NO_FATAL_FAILURE(Connect(c));
  ConnectionStream stream(c.server, seconds(5), seconds(5));
  EXPECT_FALSE(stream.AwaitRequest(milliseconds(150), nullptr));  // nothing came
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(50));
    stop = true;
  });
  // The timeout is an hour: only the stop ends the wait.
  EXPECT_FALSE(stream.AwaitRequest(seconds(3600), [&] { return stop.load(); }));
  stopper.join();
  shutdown(c.client, SHUT_WR);
  EXPECT_FALSE(stream.AwaitRequest(seconds(3600), nullptr));  // the peer closed
  char byte;
  EXPECT_EQ(stream.read(&byte, 1), 0);
}

TEST(ConnectionStream, ReportsBothAddresses) {
  Connection c;
  ASSERT_NO_FATAL_FAILURE(Connect(c));
  ConnectionStream stream(c.server, seconds(5), seconds(5));
  std::string ip;
  int port = 0;
  stream.get_remote_ip_and_port(ip, port);
  EXPECT_EQ(ip, "127.0.0.1");
  EXPECT_EQ(port, c.client_port);
  stream.get_local_ip_and_port(ip, port);
  EXPECT_EQ(ip, "127.0.0.1");
  EXPECT_GT(port, 0);
  EXPECT_EQ(stream.socket(), c.server);
}

TEST(KeepAliveServer, AnswersKeepAlivePipelinedAndContinuedRequests) {
  EchoServer server;
  ASSERT_GT(server.port(), 0);
  {  // httplib's client, one keep-alive connection
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    for (int i = 0; i < 2; ++i) {
      std::string body = "event " + std::to_string(i);
      auto res = client.Post("/echo", body, "text/plain");
      ASSERT_TRUE(res) << httplib::to_string(res.error());
      EXPECT_EQ(res->status, 200);
      EXPECT_EQ(res->body, body);
    }
  }
  Connection c;  // raw: two requests in one packet, then one that expects 100
  c.client = ConnectTo(server.port());
  ASSERT_GE(c.client, 0);
  ASSERT_NO_FATAL_FAILURE(
      Send(c.client, Post("/echo", "one") + "one" + Post("/echo", "two") + "two"));
  std::string got = ReadUntil(c.client, "\r\n\r\ntwo");
  EXPECT_NE(got.find("\r\n\r\none"), std::string::npos) << got;
  EXPECT_LT(got.find("\r\n\r\none"), got.find("\r\n\r\ntwo")) << got;
  ASSERT_NO_FATAL_FAILURE(Send(c.client, Post("/echo", "three", true)));
  EXPECT_EQ(ReadUntil(c.client, "\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_NO_FATAL_FAILURE(Send(c.client, "three"));
  // The third request on the connection is its last (max count 3).
  std::string rest = ReadToClose(c.client);
  EXPECT_NE(rest.find("Connection: close"), std::string::npos) << rest;
  EXPECT_NE(rest.find("\r\n\r\nthree"), std::string::npos) << rest;
}

TEST(KeepAliveServer, ABodyLeftUnreadIsNeverTakenForTheNextRequest) {
  EchoServer server;
  ASSERT_GT(server.port(), 0);
  // The refused request's body is a whole request itself: read as the next
  // one, it would be answered "smuggled".
  std::string smuggled = Post("/echo", "smuggled") + "smuggled";
  {
    Connection c;
    c.client = ConnectTo(server.port());
    ASSERT_GE(c.client, 0);
    ASSERT_NO_FATAL_FAILURE(Send(c.client, Post("/refuse", smuggled) + smuggled));
    EXPECT_NE(ReadUntil(c.client, "refused").find("HTTP/1.1 401"), std::string::npos);
    ASSERT_NO_FATAL_FAILURE(Send(c.client, Post("/echo", "next") + "next"));
    std::string rest = ReadUntil(c.client, "\r\n\r\nnext");
    EXPECT_EQ(rest.find("smuggled"), std::string::npos) << rest;
    EXPECT_NE(rest.find("\r\n\r\nnext"), std::string::npos) << rest;
  }
  {  // over the largest body: answered, then the connection closes
    Connection c;
    c.client = ConnectTo(server.port());
    ASSERT_GE(c.client, 0);
    std::string big = std::string(2000, ' ') + smuggled;
    ASSERT_NO_FATAL_FAILURE(Send(c.client, Post("/refuse", big) + big));
    std::string rest = ReadToClose(c.client);
    EXPECT_NE(rest.find("HTTP/1.1 401"), std::string::npos) << rest;
    EXPECT_EQ(rest.find("smuggled"), std::string::npos) << rest;
  }
  {  // a length that is not a number: answered, then the connection closes
    Connection c;
    c.client = ConnectTo(server.port());
    ASSERT_GE(c.client, 0);
    std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3x\r\n\r\nabc";
    ASSERT_NO_FATAL_FAILURE(Send(c.client, request + smuggled));
    std::string rest = ReadToClose(c.client);
    EXPECT_NE(rest.find("HTTP/1.1 "), std::string::npos) << rest;
    EXPECT_EQ(rest.find("smuggled"), std::string::npos) << rest;
  }
  {  // a malformed request: answered 400, then the connection closes
    Connection c;
    c.client = ConnectTo(server.port());
    ASSERT_GE(c.client, 0);
    ASSERT_NO_FATAL_FAILURE(Send(c.client, "NONSENSE\r\n\r\n" + smuggled));
    std::string rest = ReadToClose(c.client);
    EXPECT_NE(rest.find("HTTP/1.1 400"), std::string::npos) << rest;
    EXPECT_EQ(rest.find("smuggled"), std::string::npos) << rest;
  }
}

}  // namespace
}  // namespace acctseg::server
