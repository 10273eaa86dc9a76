import base64, hashlib, hmac, os, socket, struct, sys

def read(sock, n):                                   # exactly n bytes, or EOFError
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk: raise EOFError("the server closed the connection")
        data += chunk
    return data

key = os.environ["JIPC_AUTH_KEY"]                     # never on the command line
key = base64.b64decode(key[7:]) if key.startswith("base64:") else key.encode()
sock = socket.create_connection((sys.argv[1], int(sys.argv[2])))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sock.sendall(b"JIPC" + struct.pack("<HHII", 1, 1, 4 << 20, 0))   # version 1, flags: AUTH, max frame 4 MiB
hello = read(sock, 16)
version, flags = struct.unpack("<HH", hello[4:8])
assert hello[:4] == b"JIPC" and version == 1 and flags & 1, hello   # AUTH; other bits (heartbeats) ignored
challenge = read(sock, 32)
nonce = os.urandom(32)
sock.sendall(hmac.new(key, b"jipc client" + challenge, hashlib.sha256).digest() + nonce)
if read(sock, 1) != b"\x01": sys.exit("the server refused the key")
proof = read(sock, 32)
if not hmac.compare_digest(proof, hmac.new(key, b"jipc server" + nonce, hashlib.sha256).digest()):
    sys.exit("the server does not hold the key")
while True:
    (n,) = struct.unpack("<i", read(sock, 4))
    if n == -1: break                                 # end of stream: the master closed the channel
    reply = read(sock, n).upper()
    sock.sendall(struct.pack("<i", len(reply)) + reply)
sock.sendall(struct.pack("<i", -1))                   # answer with our own end of stream
sock.close()
