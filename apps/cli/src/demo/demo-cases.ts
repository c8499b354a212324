import { Injectable } from '@nestjs/common';
import { DataScope, Viewer } from '@tandem/authz';
import { AssignmentRole, CaseConsentsService, CaseFlag, CaseNotesService, CaseRecordsService, CasesService, ConsentGrantor, NoteCategory, RiskLevel } from '@tandem/cases';
import { Transactions } from '@tandem/platform';
import { DemoRepository } from './demo.repository';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

const CHILDREN = [
  ['Ava Demo Carter', '2010-03-14'],
  ['Liam Demo Brooks', '2009-11-02'],
  ['Maya Demo Ortiz', '2011-07-21'],
  ['Noah Demo Price', '2008-12-30'],
  ['Zoe Demo Nguyen', '2012-05-05'],
] as const;

interface Shape {
  lead: string;
  creator: string;
  partner?: { agency: string; staff: string; scopes: DataScope[]; consent: boolean };
  notes: { by: string; agency: string; category: NoteCategory; body: string }[];
  flag?: CaseFlag;
  risk: RiskLevel;
}

/** Five case shapes per jurisdiction, so each demo role sees a different slice. */
const SHAPES: Shape[] = [
  {
    lead: 'cw', creator: 'staff1', risk: RiskLevel.HIGH,
    partner: { agency: 'pd', staff: 'staff1', scopes: [DataScope.IDENTITY, DataScope.LOCATION], consent: false },
    notes: [
      { by: 'staff1', agency: 'cw', category: NoteCategory.GENERAL, body: 'Intake completed; safety plan drafted.' },
      { by: 'staff1', agency: 'pd', category: NoteCategory.INVESTIGATION, body: 'Report filed; detective assigned.' },
    ],
  },
  {
    lead: 'cw', creator: 'staff1', risk: RiskLevel.ELEVATED,
    partner: { agency: 'sh', staff: 'staff1', scopes: [DataScope.IDENTITY, DataScope.LOCATION], consent: true },
    notes: [{ by: 'staff1', agency: 'cw', category: NoteCategory.GENERAL, body: 'Emergency bed requested for tonight.' }],
  },
  {
    lead: 'cw', creator: 'staff2', risk: RiskLevel.ELEVATED,
    partner: { agency: 'co', staff: 'staff1', scopes: [DataScope.SERVICES], consent: true },
    notes: [
      { by: 'staff2', agency: 'cw', category: NoteCategory.GENERAL, body: 'Weekly counseling agreed with the youth.' },
      { by: 'staff1', agency: 'co', category: NoteCategory.CLINICAL, body: 'First session held; follow-up scheduled.' },
    ],
  },
  {
    lead: 'pd', creator: 'staff1', risk: RiskLevel.UNKNOWN,
    partner: { agency: 'md', staff: 'staff1', scopes: [DataScope.IDENTITY], consent: false },
    notes: [{ by: 'staff1', agency: 'pd', category: NoteCategory.INVESTIGATION, body: 'Youth met during a traffic stop; screening pending.' }],
  },
  {
    lead: 'cw', creator: 'staff2', risk: RiskLevel.HIGH, flag: CaseFlag.MISSING,
    notes: [{ by: 'staff2', agency: 'cw', category: NoteCategory.GENERAL, body: 'Did not return to placement last night.' }],
  },
];

/** Demo cases (about twenty across the four jurisdictions), written through the same rules as the API. */
@Injectable()
export class DemoCases {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CasesService,
    private readonly records: CaseRecordsService,
    private readonly consents: CaseConsentsService,
    private readonly notes: CaseNotesService,
    private readonly demo: DemoRepository,
    private readonly viewers: DemoViewers,
  ) {}

  async seed(): Promise<number> {
    if ((await this.demo.demoCaseCount(this.transactions.manager)) > 0) return 0;
    let created = 0;
    for (const place of DEMO_JURISDICTIONS) {
      for (const [index, shape] of SHAPES.entries()) {
        const creator = await this.viewer(demoEmail(shape.creator, shape.lead, place.domain));
        const [name, dateOfBirth] = CHILDREN[index]!;
        const view = await this.records.createCase(creator, {
          riskLevel: shape.risk,
          child: {
            legalName: `${name.split(' ')[0]} ${place.code} ${name.split(' ').slice(1).join(' ')}`,
            dateOfBirth,
            aliases: [name.split(' ')[0]!.toLowerCase()],
            placement: { kind: 'FOSTER_HOME', address: `${100 + index} Demo Street, ${place.name}`, phone: '+1 555 0199' },
            guardianContacts: [{ name: 'Demo Guardian', relationship: 'guardian', phone: '+1 555 0198' }],
          },
        });
        const caseId = view.record.id;
        const supervisor = await this.viewer(demoEmail('supervisor', shape.lead, place.domain));
        const colleague = await this.viewer(demoEmail(shape.creator === 'staff1' ? 'staff2' : 'staff1', shape.lead, place.domain));
        if (index === 0) await this.cases.assign(supervisor, caseId, colleague.userId, AssignmentRole.SECONDARY);
        if (shape.partner) {
          const partnerStaff = await this.viewer(demoEmail(shape.partner.staff, shape.partner.agency, place.domain));
          const partner = shape.partner;
          await this.transactions.run((tx) =>
            this.demo.admitPartner(tx, { caseId, agencyId: partnerStaff.agencyId!, userId: partnerStaff.userId, scopes: partner.scopes, consentRequired: partner.consent }),
          );
          if (shape.partner.consent) {
            await this.consents.recordConsent(creator, {
              caseId,
              grantedBy: ConsentGrantor.GUARDIAN,
              scopes: shape.partner.scopes,
              agencyIds: [partnerStaff.agencyId!],
              purpose: 'Placement and services for the youth',
            });
          }
        }
        for (const note of shape.notes) {
          await this.notes.addNote(await this.viewer(demoEmail(note.by, note.agency, place.domain)), { caseId, category: note.category, body: note.body });
        }
        if (shape.flag) await this.cases.setFlag(creator, caseId, shape.flag, true);
        created += 1;
      }
    }
    return created;
  }

  private viewer(email: string): Promise<Viewer> {
    return this.viewers.of(email);
  }

}
