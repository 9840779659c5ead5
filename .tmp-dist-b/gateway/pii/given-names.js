/*
 * Common given names across languages and cultures, for best-effort person detection (SEC-PII-5). Compiled by hand
 * from general knowledge of frequent first names per region; not copied from any list. Spelling variants with and
 * without diacritics are both listed where both are common. Words that are also ordinary English words ("Will",
 * "May", "Grace"…) are listed here too; the detector treats those as names only with more evidence
 * (see AMBIGUOUS_GIVEN_NAMES in detect-names.ts).
 */
const lists = [
    // English (UK, US, Ireland, Australia…)
    `Aaron Abby Abigail Ada Adam Adrian Adrienne Aiden Alan Albert Alec Alex Alexa Alexander Alexandra Alexis Alfie Alfred
 Alice Alicia Alison Allan Allen Allison Alma Alvin Amanda Amber Amelia Amy Andrea Andrew Andy Angela Angelina Angie
 Anita Ann Anna Anne Annette Annie Anthony Antonio April Archie Arthur Ashley Ashton Aubrey Audrey Austin Ava Avery
 Barbara Barry Beatrice Becky Belinda Bella Ben Benjamin Bernard Bernice Beth Bethany Betty Beverly Bill Billy Blake
 Bob Bobby Bonnie Brad Bradley Brandon Brenda Brendan Brent Brett Brian Bridget Britney Brittany Brooke Bruce Bryan
 Caitlin Caleb Callum Calvin Cameron Camila Candace Carl Carla Carlos Carly Carmen Carol Caroline Carolyn Carrie
 Casey Cassandra Catherine Cathy Cecil Cecilia Chad Charlene Charles Charlie Charlotte Chelsea Cheryl Chester Chloe
 Chris Christina Christine Christopher Cindy Claire Clara Clarence Claude Claudia Clayton Clifford Clint Clyde Cody
 Colin Colleen Connor Constance Courtney Craig Crystal Curtis Cynthia Daisy Dakota Dale Dallas Dan Dana Daniel
 Danielle Danny Daphne Darla Darlene Darren Darryl Dave David Dawn Dean Deanna Debbie Deborah Debra Declan Deirdre
 Delia Denise Dennis Derek Derrick Desmond Destiny Devin Diana Diane Dianne Dolores Dominic Don Donald Donna Dora
 Doris Dorothy Doug Douglas Duane Dustin Dwayne Dylan Earl Ed Eddie Edgar Edith Edmund Edna Edward Edwin Eileen
 Elaine Eleanor Elena Eli Elijah Elizabeth Ella Ellen Ellie Elliot Elliott Elsie Emily Emma Eric Erica Erik Erin
 Ernest Esther Ethan Ethel Eugene Eva Evan Evelyn Faith Felicity Fiona Florence Floyd Frances Francis Frank Franklin
 Fred Freddie Frederick Gabriel Gabriella Gail Gareth Gary Gavin Gemma Gene Geoffrey George Georgia Gerald Geraldine
 Gilbert Gillian Gina Ginger Gladys Glen Glenda Glenn Gloria Gordon Grace Graham Grant Greg Gregory Gwen Gwendolyn
 Hailey Haley Hannah Harold Harriet Harrison Harry Harvey Hazel Heather Heidi Helen Henry Herbert Herman Holly Homer
 Hope Howard Hugh Hugo Ian Ida Imogen Irene Iris Isaac Isabel Isabella Isabelle Isaiah Isla Ivan Ivy Jack Jackie
 Jackson Jacob Jacqueline Jade Jake Jamal James Jamie Jan Jane Janet Janice Jared Jasmine Jason Jay Jean Jeanette
 Jeff Jeffrey Jenna Jennifer Jenny Jeremy Jerome Jerry Jesse Jessica Jill Jim Jimmy Jo Joan Joanna Joanne Jodi Jodie
 Jody Joe Joel Joey John Johnny Jon Jonathan Jordan Joseph Josephine Josh Joshua Joy Joyce Judith Judy Julia Julian
 Julie Juliet June Justin Kaitlyn Karen Karl Kate Katherine Kathleen Kathryn Kathy Katie Katrina Kay Kayla Keith
 Kelly Kelsey Ken Kendra Kenneth Kenny Kerry Kevin Kieran Kim Kimberly Kirk Kirsten Kristen Kristin Kurt Kyle Lacey
 Lana Lance Larry Laura Lauren Laurence Laurie Lawrence Leah Lee Leigh Leo Leon Leonard Leroy Leslie Lester
 Lewis Liam Lillian Lily Linda Lindsay Lindsey Lisa Lloyd Logan Lois Lorna Lorraine Louis Louise Lucas Lucy Luke
 Lydia Lynn Mabel Mackenzie Madeline Madison Maggie Malcolm Mandy Marcia Marcus Margaret Maria Marian Marie Marilyn
 Marion Marjorie Mark Marlene Marsha Marshall Martha Martin Marvin Mary Mason Matilda Matt Matthew Maureen Maurice Max
 Maxine Megan Melanie Melinda Melissa Melody Melvin Mercedes Meredith Mia Michael Michelle Mike Mildred Miles
 Millie Milton Miranda Miriam Mitchell Molly Monica Morgan Morris Muriel Myra Myrtle Nancy Naomi Natalie Natasha
 Nathan Nathaniel Neal Neil Nellie Nicholas Nick Nicola Nicole Nigel Nina Noah Noel Nora Norma Norman Oliver Olivia
 Oscar Owen Paige Pamela Patricia Patrick Patsy Patty Paul Paula Pauline Pearl Peggy Penelope Penny Percy Peter
 Phil Philip Phillip Phoebe Phyllis Priscilla Rachel Ralph Randall Randy Ray Raymond Rebecca Regina Reginald Rhonda
 Ricardo Richard Rick Ricky Riley Rita Rob Robert Roberta Robin Rodney Roger Roland Ron Ronald Ronnie Rosa Rosalind
 Rose Rosemary Ross Roxanne Roy Ruby Russell Ruth Ryan Sabrina Sadie Sally Sam Samantha Samuel Sandra Sandy Sara
 Sarah Scarlett Scott Sean Sebastian Seth Shane Shannon Sharon Shaun Shawn Sheila Shelby Shelley Sheri Sherry
 Shirley Sidney Simon Sonia Sophia Sophie Spencer Stacey Stacy Stanley Stella Stephanie Stephen Steve Steven Stewart
 Stuart Sue Susan Suzanne Sylvia Tabitha Tamara Tammy Tanya Tara Ted Teresa Terrence Terri Terry Tess Thelma
 Theodore Theresa Thomas Tiffany Tim Timothy Tina Toby Todd Tom Tommy Toni Tony Tracey Tracy Travis Trevor Tricia
 Trisha Troy Tyler Ursula Valerie Vanessa Vaughn Vera Vernon Veronica Vicky Victor Victoria Vince Vincent Viola
 Violet Virginia Vivian Wade Wallace Walter Wanda Warren Wayne Wendy Wesley Whitney Wilbur Will William Willie Wilma
 Winifred Winston Yvonne Zachary Zack Zak Zoe Zoey Brianna Jayden Kaylee Madelyn Makayla Peyton Skylar Tristan`,
    // German, Austrian, Swiss
    `Achim Adelheid Agnes Alois Andreas Anke Anneliese Annika Antje Arne Axel Bärbel Barbel Bastian Benedikt Bernd
 Bernhard Birgit Björn Bjorn Brigitte Burkhard Carsten Christa Christian Christiane Christoph Claus Cornelia Dagmar
 Detlef Dieter Dietmar Dirk Doris Dörte Edeltraud Egon Ekkehard Elfriede Elke Elmar Erich Erika Ernst Erwin Eberhard
 Falk Felix Florian Frank Franz Franziska Friedrich Frieda Fritz Gabriele Gerda Gerhard Gernot Gerd Gertrud Gisela
 Gottfried Gudrun Günter Gunter Günther Gustav Hagen Hanna Hannelore Hannes Hans Harald Hartmut Heike Heiko Heinrich
 Heinz Helga Helmut Hendrik Henning Herbert Hermann Hildegard Holger Horst Hubert Ilse Ingeborg Inge Ingo Ingrid
 Irmgard Jakob Jan Jens Joachim Jochen Johann Johanna Johannes Jörg Jorg Jürgen Jurgen Jutta Kai Karin Karl Karsten
 Katharina Katja Kerstin Klaus Konrad Kornelia Kristian Kurt Lars Leni Lena Leonie Lothar Lukas Lutz Maik Manfred
 Mareike Marianne Marion Markus Martina Mathias Matthias Maximilian Meike Michaela Monika Nadine Nicole Niklas Nils
 Norbert Olaf Ole Otto Paula Petra Rainer Ralf Regina Reinhard Reinhold Renate Rita Roland Rolf Rosemarie Rudolf
 Rüdiger Ruediger Sabine Sandra Sascha Silke Simone Stefan Stefanie Steffen Steffi Susanne Sven Svenja Swen Tanja
 Thorsten Tobias Torsten Udo Ulf Ulla Ulrich Ulrike Ursula Uta Ute Uwe Volker Waltraud Werner Wilhelm Willi Wolfgang Ludwig
 Wolf Yvonne Jannik Finn Lennart Jonas Leon Luca Marlene Mila Emil Till Moritz Malte Hannah Merle Greta Jule Kilian`,
    // French, Belgian, Quebec
    `Adèle Adele Agathe Aimée Alain Albane Alexandre Alexis Alix Amandine Amélie Amelie Anaïs Anais André Andre Anne
 Annick Antoine Apolline Arnaud Aurélie Aurelie Aurélien Baptiste Bastien Benoît Benoit Bernadette Bertrand Blanche
 Brigitte Bruno Camille Capucine Céline Celine Chantal Charles Christelle Christophe Claude Clément Clement Clémence
 Cloé Colette Corentin Cyril Damien Delphine Denis Didier Dominique Edmond Élise Elise Éloïse Eloise Émile Emile
 Émilie Emilie Emmanuel Emmanuelle Éric Estelle Étienne Etienne Fabien Fabienne Fabrice Florence Florent Francine
 François Francois Françoise Francoise Frédéric Frederic Frédérique Gaël Gael Gaëlle Gaston Geneviève Genevieve
 Georges Gérard Gerard Ghislaine Gilles Grégoire Guillaume Guy Hélène Helene Henri Hervé Herve Hugues Inès Ines
 Isabelle Jacqueline Jacques Jean Jeanne Jérémie Jérôme Jerome Joël Joelle Josiane Josette Julien Juliette Justine
 Laetitia Laure Laurence Laurent Léa Lea Léo Léon Léonie Lionel Loïc Loic Louis Louise Luc Lucas Lucie Lucien Ludovic
 Maël Manon Marc Marcel Margaux Marguerite Marianne Marie Marine Marion Martine Mathieu Mathilde Matthieu Maxime
 Mélanie Melanie Michel Michèle Michele Mireille Monique Muriel Mylène Nadège Nathalie Nicolas Noël Noémie Océane
 Odette Odile Olivier Pascal Pascale Patrice Paulette Philippe Pierre Quentin Raphaël Raphael Régis Rémi Remi Renaud
 René Rene Romain Sandrine Sébastien Sebastien Serge Séverine Simone Solène Sophie Stéphane Stephane Suzanne Sylvain
 Sylvie Théo Theo Thérèse Thibault Thierry Timothée Valentin Valérie Véronique Vincent Virginie Xavier Yann Yannick
 Yves Yvette Zoé Gaspard Hortense Ambre Clovis Félix Gustave`,
    // Spanish, Latin American
    `Adolfo Adriana Agustín Agustin Alba Alberto Alejandra Alejandro Alfonso Alicia Álvaro Alvaro Amparo Ana Andrés
 Andres Ángel Angel Ángela Antonia Armando Arturo Aurora Beatriz Begoña Belén Belen Benito Bernardo Blanca Camila
 Carlos Carmen Carolina Catalina Cayetano Celia César Cesar Concepción Consuelo Cristian Cristina Daniela Diego
 Dolores Eduardo Elena Emilio Encarnación Enrique Esperanza Esteban Eugenia Eva Federico Felipe Fernanda Fernando
 Francisco Gabriela Gerardo Gloria Gonzalo Guadalupe Guillermo Gustavo Héctor Hector Hugo Ignacio Inés Inmaculada
 Irene Isabel Ismael Iván Jaime Javier Jesús Jimena Joaquín Joaquin Jorge José Jose Josefa Josefina Juan Juana
 Julia Julián Julio Laura Leticia Lorena Lorenzo Lourdes Lucía Lucia Luis Luisa Manuel Manuela Marcela Marcos
 Margarita María Mariano Marina Mario Marta Martín Mateo Matías Matias Mercedes Miguel Milagros Mónica Nerea Nicolás
 Nieves Noelia Núria Nuria Octavio Óscar Pablo Paloma Patricia Paula Pedro Pilar Rafael Ramón Ramon Raquel Raúl Raul
 Rebeca Remedios Ricardo Roberto Rocío Rocio Rodrigo Rogelio Rosa Rosario Rubén Ruben Salvador Santiago Sara Sergio
 Silvia Sofía Sofia Soledad Susana Teresa Tomás Tomas Valentina Verónica Vicente Víctor Virginia Ximena Yolanda
 Mercè Jordi Montserrat Iker Aitor Ainhoa Unai Xabier Gorka Leire Itziar Rolando Rodolfo Ernesto Fidel
 Alonso Renata Valeria Mariana Guadalupe Xiomara Yesenia Araceli Maribel Marisol Maricela Rocío`,
    // Portuguese, Brazilian
    `Adriano Afonso Alessandra Alexandre Aline Amália Ana António Antonio Augusto Beatriz Bernardo Bruna Caio Carla
 Carolina Cecília Cíntia Cláudia Claudia Cristiano Daniel Débora Diogo Duarte Edson Eduarda Elisa Emanuel Fabiana
 Fábio Fabio Felipe Fernanda Filipa Filipe Flávia Flavia Francisca Gabriel Gonçalo Goncalo Guilherme Gustavo Heitor
 Helena Henrique Inês Isadora Jéssica Joana João Joao Joaquim Júlia Juliana Júlio Larissa Leandro Letícia Leticia
 Lívia Lorena Luana Lucas Luciana Luciano Luísa Luiz Marcelo Marcos Margarida Mariana Marta Matheus Mauro Miguel
 Murilo Natália Nuno Otávio Paulo Pietro Priscila Rafaela Raquel Reinaldo Renata Renato Ricardo Rita Rodrigo Rogério
 Rui Sérgio Simone Tatiana Thiago Tiago Valter Vanessa Vinícius Vinicius Vitória Vitor Wagner Washington Wellington
 Yasmin Sebastião Thaís Thais Ísis Marisa`,
    // Italian
    `Adelmo Agnese Alberto Alessandra Alessandro Alessia Alfredo Alice Alida Andrea Angelo Anna Annalisa Antonella
 Antonietta Arianna Armando Aurelio Barbara Beatrice Benedetta Bruno Camilla Carla Carlo Carmela Carmine Caterina
 Cesare Chiara Claudio Concetta Corrado Cristina Dario Davide Domenico Donatella Edoardo Elena Elisa Elisabetta Emanuela
 Emanuele Enrico Enzo Ettore Fabio Fabrizio Federica Federico Filippo Francesca Francesco Franco Gabriele Gaetano
 Giacomo Gianluca Gianni Giada Gilberto Gino Giorgia Giorgio Giovanna Giovanni Giulia Giuliana Giuliano Giulio
 Giuseppe Giuseppina Graziella Guido Ilaria Jacopo Lamberto Leonardo Letizia Lidia Lorenzo Luca Luciana Luciano
 Lucrezia Luigi Manuela Marcello Marco Margherita Maria Marina Mario Marisa Martina Massimo Matteo Maurizio Mauro
 Michela Michele Mirella Nadia Nicola Nicoletta Paola Paolo Pasquale Patrizia Pietro Raffaele Raffaella Renato
 Riccardo Rita Roberta Roberto Rocco Rosalba Rosaria Rossella Salvatore Sandro Sara Serena Sergio Silvana Silvia
 Silvio Simona Simone Stefania Stefano Teresa Tiziana Tommaso Ugo Valentina Valerio Vanessa Veronica Vincenzo
 Vittoria Vittorio Umberto Ottavio Ornella Loredana Fiorella Benito Ludovica Aurora Gianmarco Pierluigi Gianfranco`,
    // Dutch, Flemish
    `Anouk Arjen Bart Bas Bram Caspar Cees Daan Dirk Eline Els Esther Femke Floor Frits Geert Gerrit Gijs 
 Hanneke Hendrik Henk Hugo Ilse Ingrid Jaap Jan Jasper Jeroen Joost Joris Karel Kees Kim Koen Lieke Lieve Lotte Luuk
 Maarten Marijke Marloes Martijn Mees Merel Niels Pieter Pim Roel Ruud Sander Sanne Saskia Sem Sjoerd Stijn
 Teun Thijs Tim Tom Twan Wouter Wim Willem Yvonne Bram Fenna Jelle Jurre Lars Rik Rutger Sietse Tess Wessel
 Annelies Anneke Brecht Dries Jef Lieven Wannes Wout Ilona Marleen Rianne Geertje Willemijn Hennie Harm Klaas`,
    // Danish, Norwegian, Swedish
    `Agnete Alfhild Anders Anette Anja Anker Annika Arvid Asbjørn Åsa Asa Astrid Bengt Bent Birgitta Birte Bjarne Bo
 Bodil Britt Camilla Carina Dag Dagny Elin Elisabet Emil Erik Eskil Espen Frida Fredrik Freja Frode Gitte Gorm Göran
 Goran Gudrun Gunhild Gunnar Gustav Hanne Hans Harald Hedda Helle Henrik Hilde Ida Inga Inger Ingrid Ingvar Jens
 Jesper Jonas Jørgen Jorgen Kaj Karen Kari Karin Kasper Kerstin Kjell Kirsten Kristian Kristoffer Lars Lasse Leif
 Lena Lene Liv Linnea Lisbeth Magnus Malin Margit Mads Maja Mette Mikkel Mogens Morten Nanna Nils Ola Olav Ole Oskar
 Palle Per Pernille Preben Ragnar Ragnhild Rasmus Rune Sigrid Signe Sigurd Siri Solveig Stig Sune Svante Sven
 Terje Thor Tine Tobias Tone Torben Tord Tove Trine Trond Trygve Ulla Ulrik Vibeke Viggo Vilhelm Viktor
 Åke Ake Agneta Anneli Anton Ebba Elsa Hugo Ingemar Jonna Kalle Klara Lennart Linn Ludvig Märta Maud Mattias Moa
 Nora Oliver Rolf Saga Sofie Stina Tilde Torsten Ulf Vera Wilma Ylva Mathilde Frederikke Rikke Sanne Søren Soren
 Torbjørn Tormod Øystein Oystein Tuva Ingeborg Thea Sander Eirik Halvard Håkon Hakon Jorunn Knut Maren Randi`,
    // Finnish, Estonian
    `Aino Aki Aleksi Anja Anneli Antti Ari Arja Arto Eero Eeva Eija Eino Elina Emilia Esa Hannu Harri Heikki
 Helmi Henna Ilkka Ilmari Jaakko Janne Jari Jarmo Jouni Juha Juho Jukka Jussi Kaarina Kaisa Kalevi Kari Katja
 Kimmo Kirsi Lauri Leena Liisa Maarit Marjatta Marko Markku Matti Mika Mikael Minna Mirja Niko Niina Oskari Paavo
 Pekka Pentti Petri Päivi Paivi Pirjo Raija Reijo Riikka Risto Ritva Sanna Sami Satu Seppo Simo Sirpa Tapani
 Tapio Teemu Timo Tiina Toni Tuomas Tuula Tuomo Ulla Veikko Ville Väinö Aada Eetu Onni Veeti Venla Iida Ilona
 Jaan Jüri Juri Kadri Kaja Kalev Katrin Liis Mart Merike Mihkel Peeter Priit Raivo Tiit Tõnu Triin Urmas Ülle
 Marek Indrek Margus Kertu Kristjan Mikk Siim Tanel Toomas Madis Karmen Kersti Taavi`,
    // Icelandic
    `Ágúst Agust Álfheiður Anna Ari Arna Arnar Ásdís Ásgeir Ásta Baldur Birgir Bjarni Björk Björg Brynjar Dagur
 Egill Einar Elín Erla Eyrún Finnur Freyr Friðrik Gísli Gísla Gísli Guðmundur Gudmundur Guðrún Gunnar Hafdís Halla
 Halldór Hallgrímur Haukur Hekla Helga Hrafn Hulda Ingibjörg Jóhann Jóhanna Jón Jon Jónas Katrín Kristín 
 Kristján Magnús Margrét Ólafur Olafur Ólöf Páll Ragnheiður Rúnar Sigríður Sigrún Sigurður Sigurdur Snorri
 Steinunn Stefán Sveinn Þóra Þórdís Þór Valdís Vigdís Unnur Ingvi Hlynur Þorsteinn Thorsteinn`,
    // Polish
    `Adam Agata Agnieszka Aleksander Aleksandra Alicja Aniela Anna Antoni Barbara Bartłomiej Bartek Beata Bogdan
 Bogumiła Bogusław Bolesław Bonifacy Bożena Bozena Cezary Czesław Danuta Dariusz Dawid Dominik Dorota Edyta Elżbieta
 Elzbieta Emilia Ewa Ewelina Filip Franciszek Grażyna Grazyna Grzegorz Halina Hanna Helena Henryk Hubert Irena
 Iwona Jacek Jadwiga Jakub Janina Janusz Jarosław Jaroslaw Jerzy Joanna Jolanta Józef Jozef Julia Justyna Kacper
 Kamil Kamila Karol Karolina Katarzyna Kazimierz Kinga Konrad Krystyna Krzysztof Leszek Lucyna Łucja Łukasz Lukasz
 Maciej Magdalena Małgorzata Malgorzata Marcin Marek Mariusz Marta Marzena Mateusz Michał Michal Mieczysław Mikołaj
 Monika Natalia Norbert Oliwia Paulina Paweł Pawel Piotr Przemysław Rafał Rafal Renata Robert Roman Ryszard Sebastian
 Stanisław Stanislaw Stefan Sylwia Szymon Tadeusz Teresa Tomasz Urszula Wacław Wacława Waldemar Wanda Weronika
 Wiesław Wiesława Wiktor Wiktoria Witold Władysław Wladyslaw Wojciech Zbigniew Zdzisław Zofia Zuzanna Zygmunt
 Kazimiera Stanisława Jadwiga Genowefa Leokadia Lech Bronisław Mirosław Ryszarda Ksawery Bożydar`,
    // Czech, Slovak
    `Alena Aleš Ales Alžběta Anežka Antonín Barbora Blanka Bohumil Bohuslav Božena Dagmar Daniela David Denisa
 Dominika Dušan Dusan Eliška Eva František Frantisek Hana Helena Ilona Irena Iva Ivana Ivo Jakub Jana Jarmila
 Jaroslav Jaroslava Jindřich Jindrich Jiří Jiri Jitka Josef Kamila Karel Kateřina Katerina Klára Kristýna Ladislav
 Lenka Libor Lucie Ludmila Lukáš Lukas Marcela Markéta Marketa Martina Matěj Matej Michaela Milan Milena Miloslav
 Miloš Miroslav Miroslava Monika Naděžda Nikola Ondřej Ondrej Pavel Pavla Petr Petra Radek Radka Radim Renata
 Roman Šárka Sarka Simona Stanislav Štěpán Stepan Svatopluk Tereza Tomáš Tomas Václav Vaclav Vendula Věra Veronika
 Vít Vladimír Vladimir Vlasta Vojtěch Zbyněk Zdeněk Zdenek Zdeňka Zuzana Jozef Ľubomír Lubomir Ľudmila Mária Marián
 Peter Ján Štefan Stefan Katarína Juraj Matúš Miroslav Rastislav Žofia Zofia Viera Anton Ondrej Branislav Ľubica`,
    // Hungarian
    `Ádám Adam Ágnes Agnes Andrea András Andras Anikó Anna Attila Balázs Balazs Bálint Barnabás Béla Bela Bence
 Csaba Csilla Dániel Dávid Dénes Dóra Dorottya Edit Emese Erika Erzsébet Erzsebet Eszter Éva Ferenc Gábor Gabor
 Gergely Gergő Gyöngyi György Gyorgy Gyula Hajnalka Ildikó Ilona Imre István Istvan Iván Judit Julianna Katalin
 Kinga Klára Kornélia Krisztián Krisztian Krisztina Lajos László Laszlo Levente Lilla Magdolna Márk Márta Mária
 Miklós Miklos Mónika Nándor Noémi Norbert Orsolya Ottó Péter Peter Piroska Réka Reka Rita Róbert Roland Sándor
 Sandor Szabina Szilvia Tamás Tamas Tibor Tímea Timea Viktória Viktor Zita Zoltán Zoltan Zsófia Zsofia Zsolt Zsuzsa
 Zsuzsanna Botond Boglárka Kristóf Marcell Hunor Gellért Ernő Ödön Jenő Vilmos Árpád Erzsi Kata Tünde Emőke`,
    // Russian, Ukrainian, Belarusian (transliterated and Cyrillic)
    `Aleksandr Aleksei Alexei Alexey Alina Alla Anastasia Anastasiya Andrei Andrey Anatoly Anatoliy Anton Arkady Arseny
 Artem Artyom Boris Bogdan Daria Darya Denis Dmitri Dmitry Egor Ekaterina Elena Elizaveta Evgeny
 Evgeniy Fedor Fyodor Galina Gennady Georgy Gleb Grigory Igor Ilya Inna Irina Ivan Kirill Konstantin Ksenia
 Kseniya Larisa Leonid Lev Lidia Lyubov Lyudmila Margarita Maksim Maxim Marina Mikhail Milana Nadezhda
 Natalya Nikita Nikolai Nikolay Nina Oksana Oleg Olga Pavel Polina Pyotr Roman Ruslan Sergei Sergey Semyon Sofia
 Stanislav Stepan Svetlana Taras Tatiana Tatyana Timur Vadim Valentin Valentina Valery Valeriy Vasily Vasiliy Vera
 Viktor Vitaly Vladimir Vladislav Vyacheslav Yakov Yana Yaroslav Yekaterina Yelena Yevgeny Yulia Yuliya Yuri Yury
 Zakhar Zhanna Zinaida Zoya Bohdan Dmytro Mykola Mykhailo Oleksandr Oleksiy Olena Petro Serhiy Taras Vasyl
 Volodymyr Yuriy Halyna Kateryna Nataliya Oksana Solomiya Faina Lina Ulyana Anfisa Rodion Savva
 Александр Алексей Анастасия Андрей Анна Дмитрий Екатерина Елена Иван Ирина Мария Михаил Наталья Николай Ольга
 Павел Сергей Светлана Татьяна Юлия Владимир Ольга Евгений Максим`,
    // South Slavic (Serbian, Croatian, Bosnian, Slovenian, Bulgarian, Macedonian)
    `Aleksandar Ana Andrija Ante Anto Biljana Bojan Boris Borislav Boško Branimir Branka Branko Danijel Danijela Darko
 Davor Dejan Dragan Dragana Dražen Dubravka Duško Đorđe Djordje Dušan Goran Gordana Hrvoje Igor Ivana Ivica Ivo
 Jasmina Jelena Josip Jovan Jovana Katarina Kristina Ljiljana Ljubica Luka Marija Marijana Marin Marko Matija Mato
 Milan Milena Milica Miloš Milos Miodrag Mirjana Mirko Mladen Nada Nataša Natasa Nebojša Nebojsa Nenad Nevena Nikola
 Nikolina Predrag Radovan Ratko Sanja Saša Sasa Silvija Slavica Slobodan Snežana Snezana Srđan Srdjan Stjepan
 Svetlana Tamara Tihomir Tomislav Valentina Vesna Vladimir Vlado Zdravko Željko Zeljko Zlatan Zoran Zorica Zvonimir
 Emina Amra Amir Adnan Edin Elvir Haris Jasmin Kemal Mirza Nermin Samir Selma Senad Mirsad Hasan Azra
 Blaž Jure Matej Nejc Rok Špela Urška Žiga Tjaša Anže Grega Mojca Petya Desislava Dimitar Georgi Hristo Ivaylo
 Kaloyan Nikolay Plamen Radoslav Stoyan Todor Tsvetan Veselin Yordan Yoana Bisera Boyan`,
    // Greek, Cypriot
    `Achilleas Adamantios Agapi Aikaterini Alexandros Anastasios Anastasia Andreas Angeliki Antonios Apostolos Argyro
 Aristotelis Athanasios Athina Christos Christina Chrysa Chrysanthi Despina Dimitrios Dimitra Eleni
 Eleftheria Eleftherios Evangelia Evangelos Fotini Georgios Georgia Giannis Ioannis Ioanna Irini Kalliopi Konstantinos
 Kostas Kyriakos Lambros Loukas Maria Marios Michail Nikolaos Nikos Olga Panagiota Panagiotis Pantelis Paraskevi
 Pavlos Petros Sofia Sotiria Sotiris Spyridon Spyros Stavros Stavroula Stella Stelios Stergios Theodora Theodoros
 Thanos Vaggelis Vasiliki Vasilis Vasileios Xanthi Yannis Yiannis Zoe Γιώργος Γεώργιος Μαρία Ελένη Νίκος Δημήτρης
 Κωνσταντίνος Ιωάννης Αικατερίνη Σοφία`,
    // Turkish, Azerbaijani
    `Ahmet Ali Alp Aslı Asli Aydın Aydin Ayla Aylin Ayşe Ayse Ayşegül Barış Baris Berk Berna Burak Burcu Can Cansu Cem
 Cemal Cengiz Derya Deniz Doğan Ebru Ece Elif Emel Emine Emir Emre Engin Erdem Erkan Esra Ezgi Fatih Fatma Ferhat
 Filiz Gamze Gizem Gökhan Gokhan Gül Gülay Gülşen Hakan Halil Hande Hasan Hatice Hülya Hulya İbrahim Ibrahim
 İlker Ilker İpek Kaan Kadir Kemal Kerem Koray Kübra Leyla Mehmet Melek Melike Merve Mert Metin Murat Mustafa Necla
 Nihan Nur Onur Orhan Osman Özge Ozge Özlem Ozlem Pınar Pinar Recep Rıza Sedat Selim Selin Serkan Sevgi Sibel
 Sinan Tuba Tuğba Tugba Tuncay Ufuk Uğur Ugur Umut Volkan Yasemin Yasin Yavuz Yusuf Zehra Zeynep Şule Sule Tülin
 Aytaç Elvin Ilham Nigar Rashad Tural Leyla Aysel Gunel Orkhan Farid Javid`,
    // Arabic, Persian, Kurdish
    `Abbas Abdallah Abdel Abdul Abdulaziz Abdullah Abdulrahman Adel Adnan Ahmad Ahmed Aisha Aishah Ali Alia Amal Amin
 Amina Amir Amira Anwar Asma Ayman Aziz Bashir Basma Bilal Dalia Dana Fadi Fahad Faisal Farah Farid Fatima Fatimah
 Fawzi Ghada Habib Hadi Hafsa Haifa Hala Hamid Hamza Hana Hani Hassan Hatem Hind Hisham Hoda Hossam Hussein Ibrahim
 Imad Iman Ismail Jamal Jamila Jihad Kamal Karim Karima Khaled Khalid Khadija Laila Layla Lina Loubna Mahmoud Majid
 Malak Malik Manal Mansour Marwan Maryam Mazen Mohamed Mohammad Mohammed Mona Mostafa Muhammad Mustafa Nabil Nadia
 Nadim Naji Nasser Nawal Nour Noura Omar Osama Rami Rana Rania Rashid Reem Rima Saad Sabah Said Saleh Salim Salma
 Salman Sami Samia Samir Samira Sana Sara Sharif Tamer Tarek Tariq Wael Walid Yasmin Yasmine Yasser Yousef Youssef
 Yusuf Zainab Zaid Zayed Ziad Zeinab Abolfazl Ali-Reza Alireza Arash Babak Bahram Dariush Darius Farhad Farzaneh
 Fereshteh Golnar Hamed Hossein Kamran Kaveh Leila Mahsa Mahnaz Maryam Mehdi Mehrdad Mina Mitra Mohsen Morteza
 Nasrin Navid Parisa Parvin Payam Pouya Reza Roya Saeed Sahar Shirin Siavash Soheila Vahid Yasaman Zahra Dilan
 Rojda Berivan Azad Hêvî Zana Mukhtar Musa Idris Ilyas Yahya Zakaria Suleiman Sulaiman Othman Uthman Hamdan Rashed`,
    // Hebrew, Israeli
    `Adi Amit Avi Avraham Ayelet Batya Chaim Dafna Dalia Daniel Dina Dor Eitan Eli Eliezer Efrat Gal Galit Gil Hadas
 Ido Ilan Inbal Itai Itamar Liat Lior Maayan Meir Michal Moshe Nadav Naama Nir Noa Noam Ofer Ofir Omer Orit Orly
 Oren Ravit Ronit Roni Ruth Shai Shira Shlomo Shmuel Shoshana Sigal Tal Tamar Uri Yael Yaakov Yair Yitzhak Yonatan
 Yosef Yossi Ze'ev Ziv Zohar Efraim Menachem Mordechai Rivka Sarit Talia Tzipora Yehuda Yehudit Hila Keren Limor`,
    // South Asian (Indian, Pakistani, Bangladeshi, Sri Lankan, Nepali)
    `Aadhya Aarav Aarti Abhay Abhishek Aditi Aditya Ajay Ajit Akash Akshay Alok Aman Amit Amita Amitabh Anand Ananya
 Anil Anita Anjali Ankit Ankita Anupam Anuradha Arjun Arun Aruna Arvind Asha Ashish Ashok Atul Ayesha Deepa Deepak
 Deepika Dev Devendra Dhruv Dinesh Divya Gaurav Geeta Gita Gopal Govind Harish Harsh Hema Indira Ishaan Jaya Jayant
 Jyoti Kajal Kamala Kapil Karan Kavita Kavya Kiran Krishna Kumar Lakshmi Lalit Madhu Mahesh Manish Manoj Meena
 Meera Mohan Mukesh Nandini Naveen Neeraj Neha Nikhil Nisha Nitin Padma Pankaj Pooja Prakash Pranav Prashant
 Preeti Priya Priyanka Rahul Raj Rajesh Rajiv Rakesh Ramesh Ranjit Ravi Rekha Ritu Rohan Rohit Sachin Sanjay
 Sanjeev Santosh Sapna Sarita Seema Shalini Shanti Sharmila Shilpa Shiv Shreya Shweta Siddharth Sneha Sonal
 Sudha Sunil Sunita Suresh Sushila Swati Tanvi Tanya Tarun Uma Usha Varun Vidya Vijay Vikas Vikram Vinay Vinod
 Vishal Vivek Yash Yogesh Zara Ammar Asif Bilal Faisal Farhan Hamza Imran Irfan Junaid Kashif Naveed Nadeem Rizwan
 Sadia Saima Shahid Shazia Sohail Tahir Usman Waqar Waseem Zubair Zeeshan Ayaan Fahim Rafiq Shakil Tanvir Nusrat
 Rashmi Harpreet Gurpreet Jaspreet Manpreet Simran Kuldeep Baljit Sukhwinder Navjot Parminder Murugan Senthil
 Karthik Lakshmanan Subramanian Venkatesh Srinivas Saravanan Priyanka Bhavna Chitra Lalita Mala Nirmala Pushpa
 Radha Savitri Kumari Anushka Ishita Kriti Mansi Riya Sakshi Tanisha Aryan Kabir Vihaan Reyansh Shaurya Dilip`,
    // Chinese (pinyin, Cantonese romanisation, common English-style given names are in the English list)
    `Bao Bo Chang Chen Cheng Chun Dan Fang Fei Feng Gang Guang Guo Hai Hao Hong Hua Hui Jia Jian Jiang Jie Jin Jing Jun
 Kai Lan Lei Li Lian Liang Lin Ling Mei Min Ming Na Ning Ping Qiang Qing Rong Rui Shan Shu Tao Ting Wei Wen Xia
 Xiang Xiao Xin Xiu Xue Yan Yang Yi Ying Yong Yu Yuan Yun Zhen Zhi Zhong Jiahui Jiayi Junjie Lihua Meiling Xiaoming
 Xiaoyan Yuxuan Zihan Haoran Yichen Zixuan Ruoxi Wing Ka-Ming Siu Kwok Wai Yee`,
    // Japanese
    `Aiko Akane Akemi Akihiro Akiko Akira Asuka Atsushi Ayaka Ayako Ayumi Chie Chiaki Chihiro Daichi Daiki
 Daisuke Emi Eri Fumiko Hana Haruka Haruki Haruto Hayato Hideki Hideo Hikari Hiroaki Hiroko Hiroshi Hiroto Hiroyuki
 Hisako Hitomi Ichiro Jun Junko Kaede Kaito Kana Kanako Kaori Katsuya Kazuki Kazuko Kazuo Kazuya Keiko Kei Keisuke
 Ken Kenji Kenta Kimiko Koichi Kota Kumiko Kyoko Mai Makoto Mami Mamoru Manabu Mariko Masaki Masako Masami Masao
 Masaru Masato Masayuki Mayumi Megumi Miho Mika Miki Minoru Misaki Mitsuki Miyu Momoko Naoki Naoko Naomi Natsuki
 Noriko Nozomi Osamu Reiko Ren Riku Rin Risa Ryo Ryota Ryu Sachiko Sakura Satoshi Sayaka Shigeru Shinji Shiori
 Shota Sora Takashi Takeshi Takumi Taro Tatsuya Tetsuya Tomoko Tomomi Toshiro Tsubasa Yoko Yoshiko Yoshio
 Yosuke Yui Yuka Yuki Yukiko Yumi Yuri Yusuke Yuta Yuto Kenichi Shun Sota Yuma Rina Saki Nanami Kohei`,
    // Korean, Vietnamese, Thai, Filipino, Indonesian, Malay
    `Min-jun Minjun Seo-yeon Seoyeon Ji-ho Jiho Ji-woo Jiwoo Ha-eun Haeun Do-yun Doyun Joon Jun-ho Junho Ji-hoon Jihoon
 Hyun Hyun-woo Hyunwoo Jae Jae-won Soo-ah Sooah Ji-yeon Jiyeon Eun-ji Eunji Min-seo Minseo Seung Sung-min Yeon
 Young Young-ho Dong-hyun Hye-jin Kyung Myung Sang Sun-hee Tae-yang Taeyang Woo-jin Yoon Chul Jin-woo Ha-neul
 Anh Bich Binh Chau Cuong Dung Duc Duong Giang Hai Hanh Hieu Hoa Hoang Hung Huong Huy Khanh Khoa Lan Linh Long Mai
 Minh Nam Ngoc Nhung Phong Phuong Quan Quang Quynh Son Tam Thanh Thao Thi Thu Thuy Tien Trang Trinh Trung Tuan Tuyet
 Van Viet Vinh Xuan Yen Somchai Somsak Suda Sunisa Wichai Arthit Kanya Malee Niran Pim Anan Chai Ploy Narong
 Jose Maricel Rowena Jocelyn Mylene Rodel Rommel Jerome Arnel Jun-jun Marivic Cherry Analyn Joy Joel Ronaldo
 Agus Ahmad Ayu Bambang Budi Dewi Eko Fitri Hendra Indah Joko Kartika Lestari Made Nyoman Putri Putu Rina Siti
 Slamet Sri Suharto Sukarno Tri Wahyu Wayan Yanti Yudi Nurul Farah Aziz Haziq Aiman Amirah Syafiq Nur Wan`,
    // Sub-Saharan African
    `Abebe Abena Abdou Adaeze Adebayo Adwoa Akosua Ama Amara Amadou Ayodele Babajide Chidi Chidinma Chiamaka Chinedu
 Chinonso Chinwe Chioma Chukwuemeka Dumisani Ebere Efua Emeka Esi Femi Folake Funmi Funmilayo Ifeanyi Ifeoma
 Ikechukwu Jabari Kagiso Kamau Kofi Kojo Kwabena Kwaku Kwame Kwasi Lerato Lindiwe Mandla Mariama Moussa Mthunzi
 Mulugeta Musa Nala Ngozi Njeri Nkechi Nkosi Nnamdi Nomvula Nokuthula Obinna Oluwaseun Olumide Omari Oumar Sade Sipho
 Tendai Thabo Themba Tunde Uchenna Wanjiru Yaw Yetunde Zanele Zodwa Zuri Abdoulaye Fatou Ibrahima Mamadou Ousmane
 Seydou Aminata Awa Kadiatou Issa Boubacar Tshepo Palesa Karabo Bongani Sibusiso Nomsa Thandiwe Tebogo Lwazi`,
    // More Nordic and Central European names
    `Jozsef Lajos Terrence Jodi Brittany Terri Erzsebet Kadri Lauri Mirjam
 Birthe Jette Hanne Lone Marianne Ulrikke Susanne Lisbet Helene Yrsa Eydís Gunnhild Torill Svein Bjørn Bjorg Steinar
 Holger Kristofer Lovisa Sixten Signhild Majken Ottar Eyvind Hallvard Elling Iver Herborg Aksel Else`,
    // More English-speaking names
    `Abraham Alberta Alexia Alfonso Amos Angus Annabel Annabelle Ariana Ariel Arnold Barney Basil Beatrix Benny
  Bertha Bertram Blair Bryce Byron Cassidy Cecily Cedric Celeste Celina Chandler Cherie Clarissa Cleo Clifton Conrad
  Cora Cornelius Cyrus Damian Damon Dante Darcy Delilah Dexter Dina Dolly Dominique Dorian Drew Duncan Dwight Elias
  Eliza Elmer Elvis Emmett Enid Ernie Esme Eunice Ezra Fergus Flora Forrest Freya Gabrielle Garrett Genevieve
  Georgina Gideon Giles Godfrey Greta Griffin Gus Hamish Hattie Henrietta Hilda Horace Humphrey Irving Jacinta
  Janelle Jemima Jethro Joann Jocelyn Johan Jonah Judah Jules Juliana Kara Karina Kendall Kira Lachlan Lara Leila
  Leonora Levi Lionel Lori Lottie Lucian Luella Lyle Madeleine Maeve Margo Mariah Marley Mattie Maud Maxwell Micah
  Milo Minnie Moira Monty Moses Myles Nell Nico Niall Noelle Nolan Ophelia Orla Orson Otis Ozzie Quincy Quinn Reuben
  Rex Rhys Roderick Rory Rosalie Roscoe Rowan Rufus Rupert Russ Salome Seamus Selma Sheldon Sherman Silas Sonya
  Stephan Sybil Tanner Thaddeus Thea Trent Trudy Una Uriah Vance Verity Virgil Wallis Walt Wendell Wilfred Willa
  Winnie Xander Zane Zelda Keira Ewan Katrine Natasja Lempi Virpi Aslak Kuba Luiza Asya Vsevolod Homero Maha Akinori
  Eve Jouko Sunniva Nikolaj Jožef Albin Eliane Ludmiła Maite Dori Timmy Timmie Gaetan Gaëtane Belle Chad Angela Jonas Adomas Cormac Tadeo`,
];
export const GIVEN_NAMES = new Set(lists.flatMap((list) => list.split(/\s+/)).filter((name) => name.length > 0).map((name) => name.toLowerCase()));
//# sourceMappingURL=given-names.js.map