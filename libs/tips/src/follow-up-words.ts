/**
 * The words of tip follow-up codes: common, short, easy to spell and to say aloud, none about people,
 * violence or money, so that a code read over a shoulder says nothing. Written for Tandem; 1363 words,
 * so each word of a code carries a little over 10 bits.
 */
export const FOLLOW_UP_WORDS: readonly string[] = Object.freeze(
  `
able acorn actor adapt add admit advice afford after again agent agree ahead aim air airport aisle alarm
album alert alley allow almond alpha already also alter amber amount amuse anchor angle animal ankle answer
antler anvil apple april apron arch arctic area arena argue arm aroma arrow art artist ask aspen atlas atom
attic august auto autumn avenue avocado awake award away axis bacon badge bagel baker balance balcony ball
bamboo banana band banjo bank barley barn barrel basil basket bath battery beach beacon bead beam bean bear
beaver bed bee beef beetle begin bell belt bench berry bicycle big bike bird biscuit bison blanket blend blue
board boat body boil bolt bonus book boot border borrow bottle bounce bowl box brain branch brave bread
breeze brick bridge brief bright bring broad bronze brook broom brown brush bubble bucket buckle budget
buffalo build bulb bundle bunny burger burrow bus bush butter button buzz cabin cable cactus cafe cake calm
camel camera camp canal candle candy canoe canvas canyon cape captain car card cargo carpet carrot carry cart
case castle cat catch cattle cave cedar celery cello cement census cereal chair chalk champion chapter charm
chart check cheese chef cherry chess chest chicken chief chimney chip choice chorus cider cinema circle city
civic clam clap clay clean clerk clever cliff climb clinic clock cloth cloud clover clown club coach coast
cobalt cocoa coconut code coffee coin cold collar color comet comfort comic common compass concert cook
cookie copper coral core corn corner cotton couch country couple course cover cow crab craft crane crater
crayon cream creek crew cricket crisp crop crowd crown cruise crumb crystal cube cup curtain curve cushion
custom cycle daisy dance dawn day deal decade deer degree delta denim depth desert desk detail dial diamond
diary diesel dinner direct dish distant dive dock dolphin domain donkey door dose double dove dozen draft
dragon drama drawer dream dress drift drill drink drum duck dune during dust eager eagle early earth easel
east easy echo eclipse edge editor effort eight elbow elder elegant elephant elevator eleven elk elm ember
empty enable energy engine enjoy enough enter entry envelope equal era errand essay estate evening event ever
exact example excel exit expand expert extra fabric face fact fade fair faith falcon family famous fan fancy
farm fashion fast fauna feast feather fence fern ferry festival fever few fiber fiction field fig film filter
final finch find finger finish fire firm first fish five flag flame flash flat flavor fleet flight float
flock floor flower fluid flute foam focus fog folk food foot forest fork form fort forum fossil found
fountain fox frame fresh friend frog frost fruit fuel fun funny future gadget galaxy gallery game garage
garden garlic gate gather gauge gear gecko gem general gentle giant gift ginger giraffe give glad glass glide
globe glove glow glue goat gold golf good goose gospel grace grain grand grant grape graph grass gravel gray
great green grid grill grin grocery ground group grove grow guard guess guest guide guitar gulf gum habit
hair half hall hammer hamster hand happy harbor hard harvest hat hawk hazel head health heart heat hedge
height hello helmet help hen herb hero heron high hill hint history hobby hockey holiday hollow home honey
hood hook hope horizon horn horse host hotel hour house hub humble humor hundred hurry hut ice icon idea
igloo image impact inch index indigo inform ink inlet inner input insect inside invite iron island item ivory
ivy jacket jaguar jam january jar jazz jeans jelly jersey jet jewel job jog join joke journal journey joy
juice july jump june jungle just kale kayak keen keep kennel kettle key kind king kingdom kit kitchen kite
kitten kiwi knee knot koala label lace ladder lagoon lake lamb lamp land lane language lantern laptop large
laser last later latin laugh laundry lava lawn layer leaf learn leather lecture left legend lemon lend length
lens leopard lesson letter level library license lift light lilac lily limb lime limit line linen lion liquid
list little live lizard llama load lobby lobster local lock lodge logic long loop lotus loud lounge love
loyal lucky lumber lunar lunch machine magnet mail main major make mammal mango manor maple marble march
margin marine market marsh mask mason master match meadow medal media melody melon member memory menu mercy
merit message metal meter method middle midnight mild mile milk mill mimic mind mineral minor mint minute
mirror mist mitten mixed model modern moment monday monkey month moon moose morning mosaic moss motor
mountain mouse move movie muffin mule museum music mustard nail name napkin narrow nation native nature navy
near neat nectar needle neighbor nest net never new news next nice night nine noble noodle noon north nose
note notice novel number nut nutmeg oak oar oasis object ocean october odd offer office often olive omega
onion open opera option orange orbit orchard orchid order organ origin ostrich other otter ounce outdoor oval
oven over owl owner oxygen oyster pace package paddle page paint pair palace palm panda panel pantry paper
parade parcel park parrot party pasta pastry patch path patio pattern pause peace peach peak peanut pear
pebble pecan pedal pelican pen pencil penny pepper perfect pet phone photo piano picnic picture pie pier
pigeon pillow pilot pine pink pioneer pipe pizza place plain planet plant plate play plaza plenty plum pocket
poem poet point polar pole polish pond pony pool poppy porch portal post potato pottery powder power prairie
praise press pretty price pride prince print prize profit proof proud pulse pumpkin pupil puppy purple puzzle
quail quarter queen query quest quick quiet quilt quote rabbit raccoon race radar radio radish raft rail rain
rainbow raise raisin rally ranch range rapid rare raven razor reach read ready real recipe record red reef
region relax remote repair reply report rescue rest result ribbon rice rich ride ridge right ring ripple rise
river road robin robot rock rocket roof room root rope rose rotate round route royal rubber ruby rug rule
ruler run rural saddle safe saga sail salad salmon salt sample sand sandal satin sauce saucer sausage save
scale scarf scene school science scooter score scout screen script sea seal season seat second seed select
sense sentence seven shade shadow shallow shape share shark sheep shelf shell shelter shield shine ship shirt
shoe shore short shovel show shrimp side sign silk silver simple since singer six size skate sketch ski skill
sky slate sled sleep slice slide slim slow small smart smile smooth snack snail snow soap soccer sock sofa
soft soil solar solid song soon sort sound soup south space spark speak spice spider spinach spiral spirit
splash spoon sport spot spring sprout square squash squid stable stadium staff stage stair stamp stand star
state station statue stay steam steel stem step stereo stick still stone stool story stove straw stream
street stripe strong student studio style subway sugar suit summer summit sun sunday sunny sunset super
supply surf surface sushi swan sweater sweet swift swim swing symbol table tablet tail talent tall tango tank
tape target taste taxi tea teach team teapot teeth temple ten tennis tent term test text thank theater theme
thirty thread three thumb thunder ticket tide tiger tile timber time tiny tip toast today toe token tomato
tone tool tooth topic torch total tour tower town toy track trade trail train travel tray treat tree trend
trial tribe trick trip trophy truck true trumpet trunk trust truth tube tulip tuna tunnel turkey turn turtle
tutor twelve twenty twin two type umbrella under union unit universe upper urban usual vacuum valley valve
van vanilla vapor vase vault vector velvet vendor venue verb vessel veteran video view villa village vine
vinyl violet violin visit visual vital vivid vocal voice volume vote voyage wagon waist walk wall walnut
walrus wander warm wash wasp watch water wave wax way wealth weather weekend welcome west whale wheat wheel
whisper white wide wild willow win window wing winner winter wire wise wish wolf wonder wood wool word work
world write yacht yard year yellow yoga yogurt young youth zebra zero zinc zone zoo
`
    .split(/\s+/)
    .filter(Boolean),
);
