// Writes libs/identity/src/common-passwords.txt: the passwords Tandem refuses as too common.
//
// No breach corpus is copied here. The list is compiled from what published studies of leaked
// passwords agree are the most common choices (the top of every yearly "worst passwords" list,
// keyboard walks, number runs, first names, sports, pets, seasons, love and swear words), and from
// the variants that cracking tools try first on each of them: capitalised, with digits, a year, a
// date or a symbol appended, and simple letter-for-digit swaps. Entries are kept in lower case
// (the check is not case-sensitive), one per line, sorted. Run: node scripts/common-passwords.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOP = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football
monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx
7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley
batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233
george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753
aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees
987654321 dallas austin thunder taylor matrix mobilemail mom monitor monitoring montana moon moscow welcome
password1 password123 admin admin123 qwerty123 1q2w3e4r 1q2w3e4r5t 1q2w3e 1qaz2wsx3edc zaq12wsx qwe123 asdf1234
abcd1234 abcdef abcdefg abcdefgh passw0rd p@ssw0rd p@ssword pa55word letmein123 welcome1 welcome123 iloveyou1
changeme default guest root toor test test123 testing secret secret123 login administrator user demo sample
qwertyui asdfghjkl zxcvbnm123 1qazxsw2 q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 a1b2c3 a1b2c3d4 aa123456 123abc
1234qwer qwer1234 qwerasdf asdfqwer 147258369 147258 258456 741852963 963852741 159357 456123 789456123
00000000 0000 1111111111 2222 222222 3333 333333 4444 444444 5555 6666 7777 8888 888888 9999 999999 101010
123654 123789 12341234 123456a 123456q 1234554321 0987654321 987654 55555 88888888 99999999 11223344
fuckyou fuck fuckoff shit bitch asshole pussy dick cock sex sexy lover loveme lovely babygirl baby angel
angels princess1 sweety sweetheart sweetie honey darling friends friend family forever whatever nothing
something blahblah qwertz azerty hello hello123 hellokitty goodbye google facebook yahoo hotmail linkedin
twitter instagram myspace youtube microsoft windows apple samsung iphone android nintendo playstation xbox
pokemon pikachu naruto minecraft fortnite roblox zelda mario sonic matrix neo trinity morpheus gandalf frodo
hobbit merlin wizard dragonball goku vegeta batman1 spiderman ironman hulk thor avengers marvel captain
superstar rockstar star stars galaxy universe planet jupiter mercury mars venus saturn pluto rocket
cookie cookies chocolate cupcake candy sugar banana apple123 orange lemon cherry strawberry peanut butter
pizza burger hotdog chicken turkey bacon cheese123 coffee tequila whiskey vodka beer corona jager
`;

const WORDS = `password passw0rd welcome letmein iloveyou monkey dragon master shadow sunshine princess football baseball
soccer hockey basketball tennis golf rugby cricket volleyball softball wrestling boxing karate ninja samurai
michael jennifer jessica ashley amanda daniel david james john robert william richard joseph thomas charles
christopher matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary
peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence
dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent
ralph eugene russell bobby mason philip louis mary patricia linda barbara elizabeth susan sarah karen lisa
nancy betty margaret sandra kimberly emily donna michelle carol melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra
rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison
frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori chelsea tiffany buster tigger
charlie max bailey bella lucy molly daisy maggie sophie chloe sadie rocky bear duke cooper toby jake riley
oliver coco lola zoe penny ginger pepper shelby oscar murphy harley sammy teddy winston zeus bandit lucky
baby angel lovely sweetie honey cutie darling beautiful happy smile flower butterfly rainbow unicorn kitty
kitten puppy doggy tiger lion eagle falcon hawk wolf panther jaguar cobra viper python shark dolphin whale
summer winter spring autumn january february march april may june july august september october november
december monday tuesday friday sunday weekend holiday christmas easter halloween valentine birthday
freedom liberty justice america usa texas california florida london paris berlin chicago boston dallas
yankees redsox cowboys lakers bulls steelers packers eagles raiders patriots broncos giants dodgers cubs
arsenal chelsea liverpool manchester barcelona madrid juventus milan bayern celtic rangers united city
mustang corvette ferrari porsche mercedes bmw audi honda toyota nissan ford chevy harley yamaha suzuki
computer internet network server system qwerty asdfgh zxcvbn secret private access security admin login
trustno1 whatever nothing forever always never maybe hello goodbye thanks please sorry jesus christ god
lord heaven angel devil satan hell blessed faith hope love peace dream dreams destiny fire water earth
music guitar piano drums rock metal jazz blues hiphop rap dance party crazy funny cool awesome super
killer hunter ranger soldier warrior knight king queen prince princess lady boss chief captain major
diamond gold silver platinum crystal pearl ruby emerald sapphire money cash dollar rich lucky winner
starwars startrek pokemon batman superman spiderman matrix gandalf legend hero zombie ghost vampire
monster phoenix thunder lightning storm rain snow sunny sunset sunrise moon star shadow dark black
white red blue green yellow purple pink orange brown silver grey
`;

const KEYBOARD = `qwerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qazwsxedc 1qaz2wsx 1qaz2wsx3edc zaq1xsw2
zaq12wsx xsw2zaq1 1q2w3e4r5t6y 1q2w3e4r5t6y7u8i 1234qwerasdf qwertyuiop123 asdfghjkl123 poiuytrewq
lkjhgfdsa mnbvcxz qweasdzxc qweasd asdzxc zxcasdqwe 123qweasd 123qweasdzxc qwe123asd 1qa2ws3ed
!qaz2wsx !qaz@wsx 1qaz!qaz qwerty12345 qwertyui12 q1w2e3r4t5y6u7i8 azertyuiop qwertzuiop`;

const SUFFIXES = ['', '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '!', '1!', '123!', '!!',
  '01', '07', '11', '13', '21', '22', '23', '69', '77', '88', '99', '007', '321', '@123', '#1', '2', '3', '4', '5', '7', '8', '9', '0', '00', '000'];
const YEARS = Array.from({ length: 2031 - 1950 }, (_, index) => String(1950 + index));
const SWAPS = [['a', '@'], ['o', '0'], ['e', '3'], ['i', '1'], ['s', '$']];

const words = (text) => text.split(/\s+/).map((word) => word.trim().toLowerCase()).filter(Boolean);
const list = new Set(words(TOP));
const base = [...new Set([...words(WORDS), ...words(KEYBOARD)])];

for (const [rank, word] of base.entries()) {
  for (const suffix of SUFFIXES) list.add(word + suffix);
  // A year after each of the commonest words (the list above is roughly in order of frequency).
  if (rank < 120) for (const year of YEARS) list.add(word + year);
  list.add(word + word);
  list.add(`${word}${word}1`);
  list.add(`my${word}`);
  list.add(`i love ${word}`.replace(/ /g, ''));
  let swapped = word;
  for (const [from, to] of SWAPS) swapped = swapped.split(from).join(to);
  if (swapped !== word) for (const suffix of ['', '1', '123', '!', '2024', '2025', '2026']) list.add(swapped + suffix);
}
// Pairs of the commonest words ("iloveyou" style phrases of two words, the shape a 12-character minimum invites).
const COMMON_PAIRS = words('love baby angel super star happy little big my the red black blue dark sweet hot cool crazy');
for (const first of COMMON_PAIRS) for (const second of base.slice(0, 60)) for (const suffix of ['', '1', '123']) list.add(first + second + suffix);
// Runs of one digit and counting sequences of every length up to 16.
for (let digit = 0; digit <= 9; digit++) for (let length = 4; length <= 16; length++) list.add(String(digit).repeat(length));
for (let length = 4; length <= 16; length++) {
  list.add(Array.from({ length }, (_, index) => String((index + 1) % 10)).join(''));
  list.add(Array.from({ length }, (_, index) => String((10 - (index % 10)) % 10)).join(''));
}

const sorted = [...list].filter((entry) => entry.length >= 4).sort();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, 'libs', 'identity', 'src', 'common-passwords.txt'), `${sorted.join('\n')}\n`);
console.log(`${sorted.length} passwords, ${sorted.filter((entry) => entry.length >= 12).length} of 12 characters or more`);
