"""The actors stage: states, governments, people, organisations and places mentioned in a document."""

from dyad.actors.resolver import ActorResolver

__all__ = ["ActorResolver"]
