"""kombu's Redis transport, keeping one `redis.Redis` client per connection pool for its one-off commands.

kombu builds a new `redis.Redis(connection_pool=pool)` for every command it sends outside its polling connection:
each publish, and the two pipelines of every consumed task (reserving it in the unacked set, acknowledging it).
redis-py's constructor fills a dictionary of a few hundred response callbacks each time: in a threads-pool worker
checking links, 7.5 % of the worker's CPU went to those constructors alone (docs/benchmarks.md, the link-check
sweep). A `redis.Redis` is safe to share between threads (each command borrows a connection from the pool), as
claimcheck/cache.py does for Django's cache.

Only the per-command clients are shared. The asynchronous ones (BRPOP and pub/sub, which hold a connection of their
own) are left to kombu, and a new pool (after kombu drops its pools on a connection error) gets a new client.
"""

from __future__ import annotations

from kombu.transport import redis as kombu_redis


class RedisChannel(kombu_redis.Channel):
    _shared_client: tuple[object, object] | None = None  # (pool, client built on it)

    def _create_client(self, asynchronous: bool = False):
        if asynchronous:
            return super()._create_client(asynchronous=True)
        pool = self.pool
        shared = self._shared_client
        if shared is None or shared[0] is not pool:
            shared = self._shared_client = (pool, super()._create_client())
        return shared[1]


class RedisTransport(kombu_redis.Transport):
    """Set as `broker_transport` by claimcheck/celery.py when the broker is Redis."""

    Channel = RedisChannel
