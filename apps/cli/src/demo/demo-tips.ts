import { Injectable } from '@nestjs/common';
import { JurisdictionRepository } from '@tandem/identity';
import { Clock, Transactions } from '@tandem/platform';
import { TipAction, TipCaseOpener, TipIntake, TipRepository, TipSubmission } from '@tandem/tips';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

const HOUR = 3600_000;

/** The tips of the demo, in St. Louis: one in each state of their triage, and a duplicate pair. */
interface DemoTip {
  hoursAgo: number;
  tip: Omit<TipSubmission, 'jurisdictionId'>;
  /** The moves the St. Louis police made on it. */
  moves: ('REVIEW' | 'LINK' | 'REFER' | 'NO_ACTION')[];
}

const TIPS: DemoTip[] = [
  {
    hoursAgo: 0.25,
    tip: {
      whatSeen: 'A girl who looked about 14 was taken into room 12 by two men; she was crying and one held her arm.',
      place: 'Gateway Inn, 1800 Demo Avenue',
      seenAt: null,
      ongoing: true,
      people: [{ approximateAge: 14, description: 'Girl, long dark hair, pink hoodie' }, { approximateAge: 30, description: 'Man, shaved head, neck tattoo' }],
      vehicles: ['Black SUV, Missouri plate ending 7Q'],
      childInDangerNow: true,
      howKnown: 'I am staying in the next room.',
    },
    moves: [],
  },
  {
    hoursAgo: 3,
    tip: {
      whatSeen: 'Different teenage girls are dropped off at the same apartment every night and picked up an hour later.',
      place: 'gateway inn - 1800 demo avenue',
      seenAt: new Date(0),
      people: [{ approximateAge: 16, description: 'Girls, various' }],
      childInDangerNow: false,
      howKnown: 'I clean the rooms there.',
      contact: 'Call the front desk and ask for Pat',
    },
    moves: [],
  },
  {
    hoursAgo: 20,
    tip: {
      whatSeen: 'An online profile is advertising "new girls, young" with photos of what look like children.',
      onlineHandles: ['@stl_demo_dates'],
      seenAt: null,
      ongoing: true,
      childInDangerNow: false,
      howKnown: 'I saw the ad online.',
    },
    moves: ['REVIEW'],
  },
  {
    hoursAgo: 30,
    tip: {
      whatSeen: 'A boy of about 13 is kept out of school and works nights at a car wash; an older man collects his pay.',
      place: 'Demo Car Wash, Kingshighway',
      seenAt: new Date(0),
      people: [{ approximateAge: 13, description: 'Boy, thin, red cap' }],
      childInDangerNow: false,
      howKnown: 'I am his teacher.',
    },
    moves: ['REVIEW', 'LINK'],
  },
  {
    hoursAgo: 40,
    tip: {
      whatSeen: 'Two girls with an older woman at the bus station asked me how far Atlanta is; they had no bags.',
      place: 'Greyhound station',
      seenAt: new Date(0),
      childInDangerNow: false,
      howKnown: 'I drive the bus.',
    },
    moves: ['REVIEW', 'REFER'],
  },
  {
    hoursAgo: 50,
    tip: {
      whatSeen: 'Loud party with young people next door every weekend.',
      place: '5 Demo Court',
      seenAt: new Date(0),
      childInDangerNow: false,
      howKnown: 'Neighbour.',
    },
    moves: ['REVIEW', 'NO_ACTION'],
  },
];

/**
 * Tips in St. Louis, one in each state of their triage: a child in danger now (NEW, its staff
 * alerted, a one-hour clock), a possible duplicate of it (NEW), one UNDER_REVIEW, one LINKED to a
 * case opened from it, one REFERRED to Atlanta's police, and one closed with NO_ACTION.
 */
@Injectable()
export class DemoTips {
  constructor(
    private readonly transactions: Transactions,
    private readonly intake: TipIntake,
    private readonly triage: TipCaseOpener,
    private readonly tips: TipRepository,
    private readonly jurisdictions: JurisdictionRepository,
    private readonly viewers: DemoViewers,
    private readonly clock: Clock,
  ) {}

  async seed(): Promise<number> {
    const [home, away] = [DEMO_JURISDICTIONS[0]!, DEMO_JURISDICTIONS[1]!];
    const tx = this.transactions.manager;
    const here = (await this.jurisdictions.findByCode(tx, home.code))!;
    const there = (await this.jurisdictions.findByCode(tx, away.code))!;
    if ((await this.tips.countIn(tx, here.id)) > 0) return 0;
    const police = await this.viewers.of(demoEmail('staff1', 'pd', home.domain));
    const now = this.clock.now().getTime();
    for (const demo of TIPS) {
      const at = new Date(now - demo.hoursAgo * HOUR);
      const seenAt = demo.tip.seenAt ? new Date(at.getTime() - HOUR) : null;
      const { tip } = await this.intake.accept({ ...demo.tip, seenAt, jurisdictionId: here.id }, at);
      let version = tip.version;
      for (const move of demo.moves) {
        const base = { tipId: tip.id, expectedVersion: version };
        const moved = await this.triage.move(
          police,
          move === 'REVIEW'
            ? { ...base, action: TipAction.REVIEW }
            : move === 'LINK'
              ? { ...base, action: TipAction.LINK, newCase: { child: { legalName: `Unknown boy, ${home.code} car wash`, dateOfBirth: '2013-01-01' } } }
              : move === 'REFER'
                ? { ...base, action: TipAction.REFER, jurisdictionId: there.id, reason: 'They were travelling on to Atlanta.' }
                : { ...base, action: TipAction.NO_ACTION, reason: 'A family gathering: officers visited, nothing of concern.' },
        );
        version = moved.version;
      }
    }
    return TIPS.length;
  }
}
