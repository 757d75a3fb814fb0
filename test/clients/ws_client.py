"""Seed 000's WebSocket clients, as written there (plain `websockets`), with the address and the
messages taken from the command line so the tests can drive them.

    python3 test/clients/ws_client.py ws://127.0.0.1:3000/ws/12345 "Hello, WebSocket!"
    python3 test/clients/ws_client.py ws://127.0.0.1:3000/ws/chat/12345/67890 "I want to buy a blue jacket." M yes

Prints one line per reply: the raw text the server sent.
"""
import asyncio
import sys

import websockets


async def chat_session(url, messages):
    async with websockets.connect(url) as websocket:
        for user_message in messages:
            await websocket.send(user_message)  # Send user input
            response = await websocket.recv()  # Receive chatbot response
            print(response, flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: ws_client.py <ws-url> <message> [<message> ...]")
    asyncio.run(chat_session(sys.argv[1], sys.argv[2:]))
