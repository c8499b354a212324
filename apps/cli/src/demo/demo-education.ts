import { Injectable } from '@nestjs/common';
import { ContentLanguage, EducationAudience, EducationKind, EducationLoader, EducationPublisher, EducationRepository, formatContentProblem, StepLinkKind } from '@tandem/education';
import { Transactions } from '@tandem/platform';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';
import { DemoViewers } from './demo-viewer';

const LICENSE = 'Published by the agency for public use';

/**
 * The demo's warning-signs education: the content Tandem ships (warning signs, guides and what-to-do
 * steps for every audience, in English and Spanish), and a local addition by each demo police
 * department, published by its supervisor through the same rules as the API. St. Louis's police also
 * retracted an earlier addition, which the public no longer reads.
 */
@Injectable()
export class DemoEducation {
  constructor(
    private readonly transactions: Transactions,
    private readonly loader: EducationLoader,
    private readonly publisher: EducationPublisher,
    private readonly repository: EducationRepository,
    private readonly viewers: DemoViewers,
  ) {}

  async seed(): Promise<number> {
    const shipped = await this.loader.loadShipped('demo-seed');
    if (!shipped.ok) throw new Error(`The shipped education content is refused:\n${shipped.problems.map(formatContentProblem).join('\n')}`);
    let created = shipped.inserted + shipped.updated;
    for (const place of DEMO_JURISDICTIONS) {
      const supervisor = await this.viewers.of(demoEmail('supervisor', 'pd', place.domain));
      if ((await this.repository.countLocal(this.transactions.manager, supervisor.agencyId!)) > 0) continue;
      if (place.code === 'STL') {
        const old = await this.publisher.publish(supervisor, {
          kind: EducationKind.WHAT_TO_DO,
          audiences: [EducationAudience.HOSPITALITY],
          texts: [{ language: ContentLanguage.EN, title: 'Call the vice unit desk', body: 'Hotel staff in the city may call the vice unit desk during office hours.' }],
          license: LICENSE,
        });
        await this.publisher.retract(supervisor, old.id, 'Replaced by the 24-hour youth crisis line');
        created += 1;
      }
      await this.publisher.publish(supervisor, {
        kind: EducationKind.WHAT_TO_DO,
        audiences: Object.values(EducationAudience),
        link: StepLinkKind.HOTLINES,
        position: 10,
        texts: [
          {
            language: ContentLanguage.EN,
            title: `${place.name}: the 24-hour youth crisis line`,
            body: `In ${place.name}, the youth crisis line answers calls and texts at any hour and can connect a young person to a shelter tonight. Find it among the hotlines of this site's directory.`,
          },
          {
            language: ContentLanguage.ES,
            title: `${place.name}: la línea de crisis juvenil las 24 horas`,
            body: `En ${place.name}, la línea de crisis juvenil atiende llamadas y mensajes de texto a cualquier hora y puede conseguirle a una persona joven un refugio para esta misma noche. Búsquela entre las líneas de ayuda del directorio de este sitio.`,
          },
        ],
        license: LICENSE,
        sourceTitle: `${place.name} Police Department community notice`,
      });
      created += 1;
    }
    return created;
  }
}
