import { Injectable } from '@nestjs/common';
import { CaseTopic } from '@tandem/cases';
import { EventHandler, EventPayload, HandlesEvent } from '@tandem/platform';
import { EpisodeFacts } from '../episode-facts.service';

/** A case's child changed: the de-identified facts of its missing episodes are derived again. */
@HandlesEvent(CaseTopic.CHILD_CHANGED)
@Injectable()
export class ChildChangedHandler implements EventHandler {
  constructor(private readonly facts: EpisodeFacts) {}

  async handle(payload: EventPayload): Promise<void> {
    await this.facts.refreshCase(String(payload.caseId));
  }
}
